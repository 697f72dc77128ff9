# Exercise 4, wrong: still the exercise 3 echo server, each client hears only itself.
import socket
import threading


def serve(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data)


s = socket.socket()
s.bind(('', 8888))
s.listen(5)
while True:
    threading.Thread(target=serve, args=(s.accept()[0],), daemon=True).start()
