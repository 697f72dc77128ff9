# A hostile exercise: every client is sent data as fast as the socket takes it, for ever, from the
# moment it connects (a chat server should send only what it receives).
import socket
import threading

BLOCK = b'flood! ' * 9362


def serve(conn):
    try:
        while True:
            conn.sendall(BLOCK)
    except OSError:
        conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(64)
print('flooding every client', flush=True)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
