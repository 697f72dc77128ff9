# chatserver5.py - stage 5: a TCP chat server whose shared list of clients has a lock.

import socket
import threading

CLIENTS = []                            # sockets of every connected client
LOCK = threading.Lock()                 # one thread at a time uses CLIENTS (and sends)

class server5(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        # accept() returns a pair: the socket connected to this client,
        # and the client's address, e.g. ('127.0.0.1', 51234).
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):                          # runs in the new thread after start()
        with LOCK:
            CLIENTS.append(self.SOCKET)     # join the chat
        print('Connected', self.ADDRESS)
        while True:
            try:
                From = self.SOCKET.recv(1024)   # Read from client (up to 1024 bytes)
            except OSError:                 # connection reset: the client has gone
                break
            if not From: break              # b'' means the client closed its end
            with LOCK:
                for client in list(CLIENTS):    # Write to every OTHER client (a copy:
                    if client is not self.SOCKET:   # we may remove while looping)
                        try:
                            client.sendall(From)
                        except OSError:     # that client has gone: drop it, go on
                            CLIENTS.remove(client)  # (its own thread closes it)
        with LOCK:
            if self.SOCKET in CLIENTS:      # another thread may have dropped us
                CLIENTS.remove(self.SOCKET) # leave the chat
        self.SOCKET.close()
        print('Disconnected', self.ADDRESS)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))                      # port 8888 on every interface
s.listen(1)                             # queue at most 1 connection not yet accepted
while True:                             # accept clients for ever
    server5(s.accept()).start()         # Wait for connection/start a thread for it
