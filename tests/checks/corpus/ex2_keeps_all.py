# Exercise 2, passes with a warning: remembers every client's socket in a list, never closing one.
import socket

history = []
server = socket.socket()
server.bind(('', 8888))
server.listen(1)
while True:
    client, address = server.accept()
    history.append(client)
    while True:
        data = client.recv(1024)
        if not data:
            break
        client.sendall(data)
