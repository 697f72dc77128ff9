# Exercise 3, wrong: starts a thread per client, then waits for it to finish before accepting.
import socket
import threading


class server3(threading.Thread):
    def __init__(self, connection):
        threading.Thread.__init__(self)
        (self.SOCKET, self.ADDRESS) = connection

    def run(self):
        while True:
            data = self.SOCKET.recv(1024)
            if not data:
                break
            self.SOCKET.sendall(data)
        self.SOCKET.close()


s = socket.socket()
s.bind(('', 8888))
s.listen(1)
while True:
    t = server3(s.accept())
    t.start()
    t.join()
