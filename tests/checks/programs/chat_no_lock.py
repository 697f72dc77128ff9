# chatserver5 without its lock: it copes with clients that left (try/except), but threads
# change and walk the shared list at the same time. The stress check should catch the race.
import socket
import threading

CLIENTS = []

class server(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        CLIENTS.append(self.SOCKET)
        while True:
            try:
                From = self.SOCKET.recv(1024)
            except OSError:
                break
            if not From: break
            for client in CLIENTS:
                if client is self.SOCKET:
                    continue
                try:
                    client.sendall(From)
                except OSError:
                    pass
        CLIENTS.remove(self.SOCKET)
        self.SOCKET.close()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
while True:
    server(s.accept()).start()
