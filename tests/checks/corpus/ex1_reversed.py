# Exercise 1, wrong: answers something else than the line.
import socket

s = socket.socket()
s.bind(('', 8888))
s.listen(1)
conn, addr = s.accept()
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.sendall(b'OK\r\n')
