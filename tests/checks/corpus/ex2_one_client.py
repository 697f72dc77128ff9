# Exercise 2, wrong: serves one client, then the program ends (the student's exercise 1, unchanged).
import socket

s = socket.socket()
s.bind(('', 8888))
s.listen(1)
conn, addr = s.accept()
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.sendall(data)
conn.close()
s.close()
