# A program that never listens: it waits for keyboard input that never comes.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
name = input('server name? ')
s.bind(('', 8888))
s.listen(1)
