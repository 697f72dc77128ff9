# Exercise 3, correct: no threads, select() over every socket.
import select
import socket

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('', 8888))
listener.listen(5)
sockets = [listener]
while True:
    readable, _, _ = select.select(sockets, [], [])
    for s in readable:
        if s is listener:
            conn, _ = listener.accept()
            sockets.append(conn)
            continue
        try:
            data = s.recv(1024)
        except OSError:
            data = b''
        if data:
            s.sendall(data)
        else:
            sockets.remove(s)
            s.close()
