# Exercise 2, wrong: closes the listening socket instead of the client's, and carries on.
import socket

server = socket.socket()
server.bind(('', 8888))
server.listen(1)
while True:
    try:
        client, address = server.accept()
    except OSError:
        continue
    server.close()
    while True:
        data = client.recv(1024)
        if not data:
            break
        client.sendall(data)
