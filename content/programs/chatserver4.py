# chatserver4.py - stage 4: clients chat with each other.
# Every thread can see one shared list of the connected clients'
# sockets. What one client sends is sent on to all the others.
# (Stage 5 is about what can go wrong with this list.)

import socket
import threading

CLIENTS = []                                # sockets of every connected client

class server4(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        # accept() returns (socket connected to the client, client's address)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        CLIENTS.append(self.SOCKET)         # join the chat
        print('Connected', self.ADDRESS)
        while True:
            From = self.SOCKET.recv(1024)   # Read from client
            if not From: break              # b'' means the client closed its end
            for client in CLIENTS:          # Write to every OTHER client
                if client is not self.SOCKET:
                    client.sendall(From)
        CLIENTS.remove(self.SOCKET)         # leave the chat
        self.SOCKET.close()
        print('Disconnected', self.ADDRESS)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
while True:
    server4(s.accept()).start()         # Wait for connection/start a thread for it
