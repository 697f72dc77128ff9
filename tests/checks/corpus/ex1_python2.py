# Exercise 1, wrong: the tutorial's Python 2, pasted as it is.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
print 'Waiting for a connection'
(conn, addr) = s.accept()
print 'Connected by', addr
while 1:
    data = conn.recv(1024)
    if not data: break
    conn.send(data)
conn.close()
