# A program for the backpressure tests. Each client sends commands, one per line:
#   flood N      -> N bytes of a fixed pattern as fast as the socket takes them, then "\nEND\n"
#   slurp N SEC [wait] -> (with "wait": first wait until another client says "go") read N bytes,
#                   pausing SEC after every recv (a program slower than the paste); answer
#                   "got N SHA256\n" for the bytes read
#   go           -> let a waiting slurp start reading
#   ping         -> "pong\n"
#   print N      -> N bytes of lines on standard output as fast as the lab lets it write
import hashlib
import socket
import sys
import threading
import time

BLOCK = bytes((i * 131 + 7) & 255 for i in range(65536))
GO = threading.Event()


def serve(conn):
    pending = b''
    with conn:
        while True:
            while b'\n' not in pending:
                data = conn.recv(65536)
                if not data:
                    return
                pending += data
            line, pending = pending.split(b'\n', 1)
            words = line.decode().split()
            if not words:
                continue
            if words[0] == 'ping':
                conn.sendall(b'pong\n')
            elif words[0] == 'go':
                GO.set()
            elif words[0] == 'flood':
                left = int(words[1])
                while left > 0:
                    piece = BLOCK[:min(left, len(BLOCK))]
                    conn.sendall(piece)
                    left -= len(piece)
                conn.sendall(b'\nEND\n')
            elif words[0] == 'slurp':
                want, pause = int(words[1]), float(words[2])
                if len(words) > 3 and words[3] == 'wait':
                    GO.wait(60)
                    GO.clear()
                digest = hashlib.sha256()
                got = min(len(pending), want)
                digest.update(pending[:got])
                pending = pending[got:]
                while got < want:
                    data = conn.recv(min(65536, want - got))
                    if not data:
                        return
                    digest.update(data)
                    got += len(data)
                    time.sleep(pause)
                conn.sendall(('got %d %s\n' % (got, digest.hexdigest())).encode())
            elif words[0] == 'print':
                left = int(words[1])
                line = ('x' * 99 + '\n')
                while left > 0:
                    sys.stdout.write(line)
                    left -= len(line)
                sys.stdout.flush()
                conn.sendall(b'printed\n')


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(8)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
