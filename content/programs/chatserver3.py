# chatserver3.py - stage 3: many clients at once.
# Each client gets its own thread, so while one thread waits in
# recv() for its client, the main loop is already back in accept()
# waiting for the next one.

import socket
import threading

class server3(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        # accept() returns (socket connected to the client, client's address)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):                          # runs in the new thread after start()
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
while True:
    server3(s.accept()).start()         # Wait for connection/start a thread for it
