# Exercise 5, wrong: catches every error, but walks the shared list while others change it, no lock.
import socket
import threading

CLIENTS = []


def serve(conn):
    CLIENTS.append(conn)
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            for c in CLIENTS:
                if c is not conn:
                    try:
                        c.sendall(data)
                    except OSError:
                        pass
    except OSError:
        pass
    CLIENTS.remove(conn)
    conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(50)
while True:
    threading.Thread(target=serve, args=(s.accept()[0],), daemon=True).start()
