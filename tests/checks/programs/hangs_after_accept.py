# A server that accepts a client and then never reads from it (stuck in a loop).
import socket
import time

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
connection, address = s.accept()
while True:
    time.sleep(1)
