# A program with a typo: Python stops before running anything.
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM
s.bind(('', 8888))
