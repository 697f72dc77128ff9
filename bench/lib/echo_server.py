# The benchmark's echo server: the same program behind every path that is compared (raw TCP,
# websockify, the lab's sandbox). One thread per client, like the tutorial's chatserver3.
# Usage: python3 -u echo_server.py [PORT]   (8888 when no port is given, as in the lab)
import socket
import sys
import threading

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8888


def serve(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', PORT))
s.listen(16)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
