# Exercise 1, correct: the shortest echo server a student writes.
import socket
s = socket.socket()
s.bind(('', 8888))
s.listen()
c, a = s.accept()
while True:
    d = c.recv(1024)
    if not d:
        break
    c.sendall(d)
