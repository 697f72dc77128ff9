# A server that crashes on the first line it receives: it expects a number.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
connection, address = s.accept()
data = connection.recv(1024)
total = int(data) + 1
connection.sendall(str(total).encode())
