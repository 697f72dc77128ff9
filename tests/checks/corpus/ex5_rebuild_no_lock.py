# Exercise 5, wrong: threads join the shared list and rebuild it to leave, with no lock held. Two
# rebuilding at once can lose a client that just joined, or bring back one that just left.
import socket
import threading

clients = []


def serve(conn):
    global clients
    clients.append(conn)
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            for c in clients:
                if c is not conn:
                    try:
                        c.sendall(data)
                    except OSError:
                        pass
    except OSError:
        pass
    clients = [c for c in clients if c is not conn]
    conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(50)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
