# A "chat" server that keeps the shared list but only ever answers the sender: it looks like
# stage 4 and still echoes like stage 3. Exercise 4's checks must fail it.
import socket
import threading

CLIENTS = []
LOCK = threading.Lock()


class server(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        with LOCK:
            CLIENTS.append(self.SOCKET)
        while True:
            try:
                From = self.SOCKET.recv(1024)
            except OSError:
                break
            if not From:
                break
            self.SOCKET.sendall(From)       # the bug: only back to the sender
        with LOCK:
            CLIENTS.remove(self.SOCKET)
        self.SOCKET.close()


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(5)
while True:
    server(s.accept()).start()
