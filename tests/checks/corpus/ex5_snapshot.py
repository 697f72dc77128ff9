# Exercise 5, correct: the list is copied under the lock, and the sends happen outside it.
import socket
import threading

lock = threading.Lock()
clients = []


def serve(conn):
    with lock:
        clients.append(conn)
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            with lock:
                others = [c for c in clients if c is not conn]
            for c in others:
                try:
                    c.sendall(data)
                except OSError:
                    pass
    except OSError:
        pass
    with lock:
        if conn in clients:
            clients.remove(conn)
    conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(50)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
