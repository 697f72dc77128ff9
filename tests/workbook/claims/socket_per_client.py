# Claim (exercise 2): chatserver2 without close() does not keep a socket per client: CPython closes
# a socket when the last reference to it goes, which the next accept() does. Only a program that
# keeps references (here, a list) holds a socket for every client it served. Counts the server's
# connections on port 8888 still open (CLOSE_WAIT: the client closed, the server not) after three
# clients came and left one after another. Usage: socket_per_client.py PROGRAM.py
import json
import socket
import subprocess
import sys
import time


def close_waits():
    with open('/proc/net/tcp') as table:
        return sum(1 for row in list(table)[1:] if int(row.split()[1].split(':')[1], 16) == 8888 and row.split()[3] == '08')


server = subprocess.Popen([sys.executable, '-u', sys.argv[1]], stdout=subprocess.DEVNULL)
for _ in range(100):
    try:
        socket.create_connection(('127.0.0.1', 8888)).close()   # a first client that says nothing
        break
    except ConnectionRefusedError:
        time.sleep(0.05)
for i in range(3):
    c = socket.create_connection(('127.0.0.1', 8888))
    c.sendall(b'hello\r\n')
    c.recv(1024)
    c.close()
    time.sleep(0.2)
counted = close_waits()
server.kill()
print(json.dumps({'clients': 4, 'close_wait': counted}))
