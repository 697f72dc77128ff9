# Exercise 3, passes with a warning: a reset kills that client's thread with a traceback.
import socket
import threading


def serve(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data)
    conn.close()


s = socket.socket()
s.bind(('', 8888))
s.listen(5)
while True:
    threading.Thread(target=serve, args=(s.accept()[0],)).start()
