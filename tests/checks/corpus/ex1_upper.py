# Exercise 1, wrong: shouts the line back.
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('', 8888))
server.listen(1)
conn, addr = server.accept()
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.sendall(data.decode().upper().encode())
conn.close()
