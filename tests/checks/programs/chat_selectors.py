# A correct chat server written differently: no threads, one loop that waits on every socket at
# once with selectors. Each line goes to every client, the sender included. A client that has
# gone (reset, closed) is dropped and the others carry on. The checks must pass it on 4 and 5.
import selectors
import socket

sel = selectors.DefaultSelector()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('', 8888))
server.listen(16)
sel.register(server, selectors.EVENT_READ)
clients = []


def drop(sock):
    if sock in clients:
        clients.remove(sock)
        sel.unregister(sock)
        sock.close()


while True:
    for key, _ in sel.select():
        sock = key.fileobj
        if sock is server:
            conn, _address = server.accept()
            clients.append(conn)
            sel.register(conn, selectors.EVENT_READ)
            continue
        if sock not in clients:         # dropped earlier in this same round of events
            continue
        try:
            data = sock.recv(1024)
        except OSError:
            data = b''
        if not data:
            drop(sock)
            continue
        for other in list(clients):
            try:
                other.sendall(data)
            except OSError:
                drop(other)
