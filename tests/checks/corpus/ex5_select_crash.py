# Exercise 5, wrong: a select() chat without threads that reads a "(word N)" tag at the end of a
# line as a number; a line like "... (round 1)" has a word there, and int() raises ValueError,
# which ends the program. No lock or list is at fault.
import selectors
import socket

sel = selectors.DefaultSelector()
server = socket.create_server(('', 8888), backlog=64)
sel.register(server, selectors.EVENT_READ)
clients = []
while True:
    for key, _ in sel.select():
        sock = key.fileobj
        if sock is server:
            conn, _ = server.accept()
            clients.append(conn)
            sel.register(conn, selectors.EVENT_READ)
            continue
        try:
            data = sock.recv(1024)
        except OSError:
            data = b''
        if not data:
            clients.remove(sock)
            sel.unregister(sock)
            sock.close()
            continue
        if b'(' in data:
            tag = int(data.split(b'(')[1].split(b')')[0])
        for other in clients:
            if other is not sock:
                try:
                    other.sendall(data)
                except OSError:
                    pass
