# Weak mode only (no namespaces), imported by sitecustomize.py when LAB_PORT_FD is set. Every run
# shares the host's network here, so a program's bind(('', 8888)) is moved to a free port on
# 127.0.0.1, and the lab is told which, so terminals still reach "port 8888" of the right run.
import os
import socket

_fd = int(os.environ.pop("LAB_PORT_FD", "-1"))
# Whatever descriptors the lab was started with reach this process: the program gets 0, 1 and 2
# (and the lab's port channel, which it would find anyway in this weak mode).
if _fd > 2:
    os.closerange(3, _fd)
os.closerange(max(3, _fd + 1), 65536)
_bind = socket.socket.bind
_listen = socket.socket.listen
_wanted = {}


def _lab_bind(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and address[1]:
        _wanted[self.fileno()] = address[1]
        host = "127.0.0.1" if self.family == socket.AF_INET else "::1"
        return _bind(self, (host, 0) + tuple(address[2:]))
    return _bind(self, address)


def _lab_listen(self, *args):
    result = _listen(self, *args)
    wanted = _wanted.get(self.fileno())
    if wanted and _fd >= 0:
        try:
            os.write(_fd, ("%d %d\n" % (wanted, self.getsockname()[1])).encode())
        except OSError:
            pass
    return result


socket.socket.bind = _lab_bind
socket.socket.listen = _lab_listen
