# chatserver2.py - stage 2: a TCP echo server for one client after another.

import socket

class server2:
    def __init__(self, connection):
        # accept() returns a pair: the socket connected to this client,
        # and the client's address, e.g. ('127.0.0.1', 51234).
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        print('Connected', self.ADDRESS)
        while True:
            From = self.SOCKET.recv(1024)   # Read from client (up to 1024 bytes)
            if not From: break              # b'' means the client closed its end
            self.SOCKET.sendall(From)       # Write to client: the same bytes back
        self.SOCKET.close()
        print('Disconnected', self.ADDRESS)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))                      # port 8888 on every interface
s.listen(1)                             # queue at most 1 connection not yet accepted
while True:                             # accept clients for ever
    server2(s.accept()).run()           # Wait for connection/run server
