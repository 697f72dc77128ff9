# Exercise 5, correct without a lock: reader threads only put events in a queue; one writer thread
# owns the list of clients and does every send.
import queue
import socket
import threading

events = queue.Queue()


def reader(conn):
    events.put(('join', conn, None))
    try:
        while data := conn.recv(1024):
            events.put(('line', conn, data))
    except OSError:
        pass
    events.put(('leave', conn, None))


def writer():
    clients = []
    while True:
        kind, conn, data = events.get()
        if kind == 'join':
            clients.append(conn)
        elif kind == 'leave':
            if conn in clients:
                clients.remove(conn)
            conn.close()
        else:
            for c in list(clients):
                if c is conn:
                    continue
                try:
                    c.sendall(data)
                except OSError:
                    clients.remove(c)


threading.Thread(target=writer, daemon=True).start()
server = socket.create_server(('', 8888), backlog=64)
while True:
    conn, _ = server.accept()
    threading.Thread(target=reader, args=(conn,), daemon=True).start()
