# chatserver2.py - stage 2: keep serving after a client leaves.
# The only change from stage 1: accept() and run() sit in a loop,
# so when one client leaves the server waits for the next.

import socket

class server2:
    def __init__(self, connection):
        # accept() returns (socket connected to the client, client's address)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        print('Connected', self.ADDRESS)
        while True:
            From = self.SOCKET.recv(1024)   # Read from client
            if not From: break              # b'' means the client closed its end
            self.SOCKET.sendall(From)       # Write to client: the same bytes back
        self.SOCKET.close()
        print('Disconnected', self.ADDRESS)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
while True:                             # one client after another, for ever
    server2(s.accept()).run()           # Wait for connection/run server
