# chatserver4.py - stage 4: a TCP chat server: a line from one client goes to the others.

import socket
import threading

CLIENTS = []                            # sockets of every connected client

class server4(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        # accept() returns a pair: the socket connected to this client,
        # and the client's address, e.g. ('127.0.0.1', 51234).
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):                          # runs in the new thread after start()
        CLIENTS.append(self.SOCKET)         # join the chat
        print('Connected', self.ADDRESS)
        while True:
            From = self.SOCKET.recv(1024)   # Read from client (up to 1024 bytes)
            if not From: break              # b'' means the client closed its end
            for client in CLIENTS:          # Write to every OTHER client
                if client is not self.SOCKET:
                    client.sendall(From)
        CLIENTS.remove(self.SOCKET)         # leave the chat
        self.SOCKET.close()
        print('Disconnected', self.ADDRESS)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))                      # port 8888 on every interface
s.listen(1)                             # queue at most 1 connection not yet accepted
while True:                             # accept clients for ever
    server4(s.accept()).start()         # Wait for connection/start a thread for it
