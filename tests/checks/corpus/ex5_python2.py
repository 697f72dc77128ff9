# Exercise 5, wrong: the tutorial's chatserver5 in its original Python 2.
import socket, thread

CLIENTS = []
LOCK = thread.allocate_lock()

def server5(conn, addr):
    LOCK.acquire(); CLIENTS.append(conn); LOCK.release()
    print 'Connected', addr
    while 1:
        data = conn.recv(1024)
        if not data: break
        LOCK.acquire()
        for c in CLIENTS:
            if c != conn:
                try: c.send(data)
                except socket.error, e: pass
        LOCK.release()
    LOCK.acquire(); CLIENTS.remove(conn); LOCK.release()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 8888))
s.listen(1)
while 1:
    conn, addr = s.accept()
    thread.start_new_thread(server5, (conn, addr))
