# Exercise 1, correct: the standard library's socketserver, one client after another.
import socketserver


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(1024)
            if not data:
                return
            self.request.sendall(data)


socketserver.TCPServer.allow_reuse_address = True
with socketserver.TCPServer(('', 8888), Echo) as server:
    server.serve_forever()
