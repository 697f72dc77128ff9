# chatserver3.py - stage 3: a TCP echo server for many clients at once, a thread each.

import socket
import threading

class server3(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        # accept() returns a pair: the socket connected to this client,
        # and the client's address, e.g. ('127.0.0.1', 51234).
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):                          # runs in the new thread after start()
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
    server3(s.accept()).start()         # Wait for connection/start a thread for it
