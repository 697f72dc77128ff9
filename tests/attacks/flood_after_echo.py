# A hostile exercise that looks right at first: each line is echoed, and then the same line is
# sent again and again without end (the loop that should wait for recv() never does).
import socket
import threading


def serve(conn):
    try:
        data = conn.recv(1024)
        while True:
            conn.sendall(data)
    except OSError:
        conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(64)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
