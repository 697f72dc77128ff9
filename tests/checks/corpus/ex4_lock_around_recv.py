# Exercise 4, wrong: the lock is held while waiting in recv(), so every other thread waits for it.
import socket
import threading

LOCK = threading.Lock()
CLIENTS = []


class server4(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self, daemon=True)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        with LOCK:
            CLIENTS.append(self.SOCKET)
        while True:
            with LOCK:
                data = self.SOCKET.recv(1024)
                if not data:
                    break
                for c in CLIENTS:
                    if c is not self.SOCKET:
                        c.sendall(data)
        with LOCK:
            CLIENTS.remove(self.SOCKET)


s = socket.socket()
s.bind(('', 8888))
s.listen(5)
while True:
    server4(s.accept()).start()
