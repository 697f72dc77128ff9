# Exercise 3, wrong: a pool of two workers serves two clients at once; a third waits its turn.
import socket
from concurrent.futures import ThreadPoolExecutor


def serve(conn):
    with conn:
        try:
            while data := conn.recv(1024):
                conn.sendall(data)
        except OSError:
            pass


server = socket.create_server(('', 8888), backlog=10)
with ThreadPoolExecutor(max_workers=2) as pool:
    while True:
        conn, _ = server.accept()
        pool.submit(serve, conn)
