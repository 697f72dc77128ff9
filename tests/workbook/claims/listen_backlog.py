# Claim (exercise 2): what listen(1) admits while the server is busy with one client. Prints one
# JSON object: how many later clients finished connecting (client side) and how many the server
# could accept() once it was free.
import json
import select
import socket
import time

server = socket.socket()
server.bind(('127.0.0.1', 8888))
server.listen(1)
first = socket.create_connection(('127.0.0.1', 8888))
served, _ = server.accept()            # the client being served: accept() is not called again

later = []
for _ in range(4):
    c = socket.socket()
    c.setblocking(False)
    c.connect_ex(('127.0.0.1', 8888))
    later.append(c)
    time.sleep(0.05)
time.sleep(0.5)
_, writable, _ = select.select([], later, [], 0)
completed = [c for c in later if c in writable and c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0]

server.setblocking(False)
accepted = 0
while True:
    try:
        server.accept()
        accepted += 1
    except BlockingIOError:
        break
print(json.dumps({'later_clients': len(later), 'completed': len(completed), 'accepted_when_free': accepted}))
