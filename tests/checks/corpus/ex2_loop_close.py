# Exercise 2, correct: one client after another, each socket closed when its client leaves.
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('', 8888))
server.listen(1)
while True:
    client, address = server.accept()
    print('connected', address)
    while True:
        data = client.recv(1024)
        if not data:
            break
        client.sendall(data)
    client.close()
    print('left', address)
