# Claim (exercise 1): recv(1024) returns the bytes that have arrived, up to 1024, not lines: a long
# line comes in pieces, and a line typed in two goes comes back in two.
import json
import socket
import time

server = socket.socket()
server.bind(('127.0.0.1', 8888))
server.listen(1)
client = socket.create_connection(('127.0.0.1', 8888))
conn, _ = server.accept()

client.sendall(b'x' * 3000 + b'\r\n')
time.sleep(0.2)
sizes = []
while sum(sizes) < 3002:
    sizes.append(len(conn.recv(1024)))

client.sendall(b'hel')
time.sleep(0.2)
first = conn.recv(1024)
client.sendall(b'lo\r\n')
time.sleep(0.2)
second = conn.recv(1024)
print(json.dumps({'long_line_pieces': sizes, 'partial': [first.decode(), second.decode()]}))
