# Exercise 4, wrong: a select() chat with no threads that crashes when a client resets.
import select
import socket

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('', 8888))
server.listen(5)
clients = []
while True:
    ready, _, _ = select.select([server] + clients, [], [])
    for sock in ready:
        if sock is server:
            clients.append(server.accept()[0])
            continue
        data = sock.recv(1024)
        if not data:
            clients.remove(sock)
            sock.close()
            continue
        for other in clients:
            if other is not sock:
                other.sendall(data)
