# Exercise 5, wrong: every thread makes its own lock, so the "lock" excludes nobody. It walks a copy
# of the list, so nothing is skipped by chance; the lock itself is what must be caught.
import socket
import threading

CLIENTS = []


class server5(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self, daemon=True)
        (self.SOCKET, self.ADDRESS) = connection
        self.LOCK = threading.Lock()

    def run(self):
        with self.LOCK:
            CLIENTS.append(self.SOCKET)
        while True:
            try:
                data = self.SOCKET.recv(1024)
            except OSError:
                break
            if not data:
                break
            with self.LOCK:
                for client in list(CLIENTS):
                    if client is not self.SOCKET:
                        try:
                            client.sendall(data)
                        except OSError:
                            pass
        with self.LOCK:
            if self.SOCKET in CLIENTS:
                CLIENTS.remove(self.SOCKET)
        self.SOCKET.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(50)
while True:
    server5(s.accept()).start()
