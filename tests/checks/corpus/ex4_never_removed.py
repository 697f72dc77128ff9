# Exercise 4, wrong: a client that leaves is closed but stays in the list; sending to it fails.
import socket
import threading

CLIENTS = []


def serve(conn):
    CLIENTS.append(conn)
    while True:
        data = conn.recv(1024)
        if not data:
            break
        for c in CLIENTS:
            if c is not conn:
                c.sendall(data)
    conn.close()


s = socket.socket()
s.bind(('', 8888))
s.listen(5)
while True:
    threading.Thread(target=serve, args=(s.accept()[0],), daemon=True).start()
