# Exercise 1, wrong: tidies the line before sending it back, losing its end.
import socket

server = socket.socket()
server.bind(('', 8888))
server.listen(1)
conn, addr = server.accept()
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.sendall(data.strip())
