# Exercise 2, correct: like the tutorial's chatserver2 but never calls close(); CPython closes each
# client's socket when the next accept() replaces the only reference to it.

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
        print('Disconnected', self.ADDRESS)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
while True:                             # one client after another, for ever
    server2(s.accept()).run()           # Wait for connection/run server
