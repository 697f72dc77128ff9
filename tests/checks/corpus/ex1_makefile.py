# Exercise 1, correct: reads whole lines through a file object instead of recv().
import socket

listener = socket.create_server(('', 8888))
conn, _ = listener.accept()
with conn, conn.makefile('rb') as reader, conn.makefile('wb') as writer:
    for line in reader:
        writer.write(line)
        writer.flush()
