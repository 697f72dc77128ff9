# Exercise 1, wrong: greets each line with a str, which a Python 3 socket does not take.
import socket

s = socket.socket()
s.bind(('', 8888))
s.listen(1)
conn, addr = s.accept()
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.sendall("you said: " + data.decode())
