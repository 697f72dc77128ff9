# Exercise 4, correct: each line goes to the others with the sender's port in front.
import socket
import threading

clients = []


def serve(conn, addr):
    clients.append(conn)
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            for other in clients:
                if other is not conn:
                    other.sendall(b'[%d] ' % addr[1] + data)
    except OSError:
        pass
    clients.remove(conn)
    conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(5)
while True:
    conn, addr = s.accept()
    threading.Thread(target=serve, args=(conn, addr), daemon=True).start()
