# Sockets: socket.socket is a Python class, so its methods can be wrapped. Only sockets the tracer
# numbered (listening, accepted, connected) are recorded; the channel to the lab is a _socket.socket.
import socket

from .record import flush, _bindings, _emit, _holding, _line, _lists, _next, _now, _numbers, _preview
from .shared_list import _check_bindings, _check_contents

_S = socket.socket
_orig = {name: getattr(_S, name) for name in ("accept", "bind", "listen", "connect", "recv", "recv_into", "send", "sendall", "close")}
_ports = {}
_send = _orig["send"]
_DONTWAIT = socket.MSG_DONTWAIT


def _number(sock):
    return _numbers.get(id(sock))


def _socket_event(kind, sock, depth, fields):
    n = _numbers.get(id(sock))
    if n is None:
        return
    if _bindings:
        _check_bindings()
    if _lists:
        _check_contents()
    fields["conn"] = n
    _emit(kind, _line(depth + 1), fields)


def _wrap_accept(self):
    flush()
    t0 = _now()
    conn, address = _orig["accept"](self)
    n = _next("socket")
    _numbers[id(conn)] = n
    peer = address[0] + ":" + str(address[1]) if isinstance(address, tuple) and len(address) >= 2 else str(address)[:64]
    fields = {"sock": _numbers.get(id(self), 0), "peer": peer[:64], "wait": round((_now() - t0) * 1000, 3)}
    if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int):
        fields["peerPort"] = address[1]
    _socket_event("accept", conn, 1, fields)
    return conn, address


def _wrap_bind(self, address):
    if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int):
        _ports[id(self)] = address[1]
    return _orig["bind"](self, address)


def _wrap_listen(self, *args):
    result = _orig["listen"](self, *args)
    if id(self) not in _numbers:
        _numbers[id(self)] = _next("socket")
    port = _ports.get(id(self))
    if port is None:
        try:
            port = self.getsockname()[1]
        except (OSError, IndexError, TypeError):
            port = 0
    _socket_event("listen", self, 1, {"port": port if isinstance(port, int) else 0})
    return result


def _wrap_connect(self, address):
    result = _orig["connect"](self, address)
    _numbers[id(self)] = _next("socket")
    _socket_event("connect", self, 1, {"peer": str(address)[:64]})
    return result


def _attempt(op, original, self, data, args):
    """The call the program made, tried first without waiting: the events queued so far go out
    (record.flush) only when it would wait (a thread that blocks in recv() must not leave its own
    events unsent), so a busy chat sends them in batches and an idle one on the way to waiting."""
    n = len(args)
    if self.timeout is not None:  # a timeout, or non-blocking (the program waits in select()): as it was
        flush()
        return original(self, data, *args)
    try:
        if op == "recv" and n <= 1:
            return original(self, data, (args[0] if n else 0) | _DONTWAIT)
        if op == "recv_into" and n <= 2:
            return original(self, data, args[0] if n else 0, (args[1] if n > 1 else 0) | _DONTWAIT)
        if (op == "send" or op == "sendall") and n <= 1:
            sent = _send(self, data, (args[0] if n else 0) | _DONTWAIT)
            if sent == (len(data) if data.__class__ is bytes else memoryview(data).nbytes):
                return sent if op == "send" else None
            flush()
            rest = original(self, memoryview(data).cast("B")[sent:], *args)
            return sent + rest if op == "send" else None
    except BlockingIOError:
        pass
    flush()
    return original(self, data, *args)


def _io(kind, op):
    original = _orig[op]

    def wrapper(self, data, *args):
        if id(self) not in _numbers:
            return original(self, data, *args)
        # (Turning the profile function off in here made a traced chat line a third cheaper, but
        # chatserver5 under the race stress then lost lines on a loaded machine: docs/performance.md.)
        t0 = _now()
        try:
            result = _attempt(op, original, self, data, args)
        except OSError as error:
            _socket_event("sock.error", self, 1, {"op": op, "error": (type(error).__name__ + ": " + str(error))[:200]})
            raise
        wait = round((_now() - t0) * 1000, 3)
        if kind == "recv":
            got = result if op == "recv" else memoryview(data)[:result]
            fields = {"bytes": len(got), "preview": _preview(got), "wait": wait}
        else:
            sent = data if op == "sendall" else memoryview(data)[:result]
            fields = {"op": op, "bytes": len(sent), "preview": _preview(sent), "wait": wait, "holding": _holding()}
            for entry in _lists.values():
                for i, item in enumerate(entry[0]):
                    if item is self:
                        fields["via"] = entry[1]
                        fields["index"] = i
                        break
        _socket_event(kind, self, 1, fields)
        return result

    wrapper.__name__ = op
    return wrapper


def _wrap_close(self):
    if id(self) in _numbers and not self._closed:
        _socket_event("close", self, 1, {})
        _numbers.pop(id(self), None)
    return _orig["close"](self)


_S.accept = _wrap_accept
_S.bind = _wrap_bind
_S.listen = _wrap_listen
_S.connect = _wrap_connect
_S.recv = _io("recv", "recv")
_S.recv_into = _io("recv", "recv_into")
_S.send = _io("send", "send")
_S.sendall = _io("send", "sendall")
_S.close = _wrap_close
