# chatserver5.py - stage 5: the shared list guarded by a lock.
# Only one thread at a time may hold LOCK, and every use of CLIENTS
# happens while holding it, so no thread ever sees the list half
# changed or walks it while another thread changes it.
# A client that has gone away must not stop the others: a failed
# send drops that client, a reset on recv counts as leaving.

import socket
import threading

CLIENTS = []                                # sockets of every connected client
LOCK = threading.Lock()                     # guards CLIENTS (and the sends to them)

class server5(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        # accept() returns (socket connected to the client, client's address)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        with LOCK:
            CLIENTS.append(self.SOCKET)     # join the chat
        print('Connected', self.ADDRESS)
        while True:
            try:
                From = self.SOCKET.recv(1024)   # Read from client
            except OSError:                 # connection reset: the client has gone
                break
            if not From: break              # b'' means the client closed its end
            with LOCK:
                for client in list(CLIENTS):    # a copy: we may remove while looping
                    if client is self.SOCKET:
                        continue            # Write to every OTHER client
                    try:
                        client.sendall(From)
                    except OSError:         # that client has gone: drop it, go on.
                        CLIENTS.remove(client)  # Its own thread will close it.
        with LOCK:
            if self.SOCKET in CLIENTS:      # another thread may have dropped us already
                CLIENTS.remove(self.SOCKET) # leave the chat
        self.SOCKET.close()
        print('Disconnected', self.ADDRESS)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
while True:
    server5(s.accept()).start()         # Wait for connection/start a thread for it
