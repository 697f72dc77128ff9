# Sockets: socket.socket is a Python class, so its methods can be wrapped. Only sockets the tracer
# numbered (listening, accepted, connected) are recorded; the channel to the lab is a _socket.socket.
import select
import socket

from .record import flush, PREVIEW, _PROGRAM, _bindings, _emit, _events, _getframe, _holding, _line, _lists, _next, _now, _numbers
from .shared_list import _check_bindings, _check_contents

_S = socket.socket
_orig = {name: getattr(_S, name) for name in ("accept", "bind", "listen", "connect", "recv", "recv_into", "send", "sendall", "close")}
_ports = {}
_send = _orig["send"]
_DONTWAIT = int(socket.MSG_DONTWAIT)  # (the IntFlag itself makes every `flags | _DONTWAIT` a Python call)
_poll = select.poll
_POLLIN = select.POLLIN
# A recv that would wait first waits this long (ms) for its data before the queue is sent: a chat
# line's next line usually comes sooner, and its events then go with a later batch instead of one
# send to the lab per line (and the lab woken per line). Past it, the queue is sent, then the recv
# waits as the program asked.
_LINGER_MS = 5
_STALE_S = 0.05  # ... and sent anyway once its oldest event is this old (a line every few ms)


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


def _linger(sock):
    """For a recv with events queued: True when something is there to read (or the end, or an
    error) now or within _LINGER_MS, so the recv is made without waiting and the queue stays for a
    later batch. False (the queue is sent, then the recv waits as the program asked) when nothing
    came, when the queue is empty or its oldest event is older than _STALE_S, or the socket cannot
    be polled (closed meanwhile: the recv itself then says what the program would have been told)."""
    try:
        if _now() - _events[0][1] > _STALE_S:
            return False
    except IndexError:
        return False
    try:
        poller = _poll()
        poller.register(sock, _POLLIN)
        return bool(poller.poll(_LINGER_MS))
    except (OSError, ValueError):
        return False


def _attempt(op, original, self, data, args):
    """The call the program made, made first without waiting (a send with MSG_DONTWAIT; a recv once
    poll says something is there, _linger): the events queued so far go out (record.flush) only when
    it would wait (a thread that blocks in recv() must not leave its own events unsent), so a busy
    chat sends them in batches and an idle one on the way to waiting."""
    n = len(args)
    if self.timeout is not None:  # a timeout, or non-blocking (the program waits in select()): as it was
        flush()
        return original(self, data, *args)
    try:
        if op == "recv" and n <= 1:
            # Events queued: wait a little for the data first (poll), so they can go with a later
            # batch; nothing queued, or nothing came: send the queue, then wait as the program asked.
            if _linger(self):
                return original(self, data, (args[0] if n else 0) | _DONTWAIT)
        elif op == "recv_into" and n <= 2:
            if _linger(self):
                return original(self, data, args[0] if n else 0, (args[1] if n > 1 else 0) | _DONTWAIT)
        elif (op == "send" or op == "sendall") and n <= 1:
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
    """The wrapper of recv, recv_into, send or sendall. Its events are the hot ones (two a chat line
    and one more per client it reaches): their fields are a tuple, written out by channel._encode."""
    original = _orig[op]
    into = op == "recv_into"
    whole = op == "sendall"

    def wrapper(self, data, *args):
        if id(self) not in _numbers:
            return original(self, data, *args)
        t0 = _now()
        try:
            result = _attempt(op, original, self, data, args)
        except OSError as error:
            _socket_event("sock.error", self, 1, {"op": op, "error": (type(error).__name__ + ": " + str(error))[:200]})
            raise
        wait = (_now() - t0) * 1000
        n = _numbers.get(id(self))
        if n is None:  # closed meanwhile by another thread
            return result
        if _bindings:
            _check_bindings()
        if _lists:
            _check_contents()
        if kind == "recv":
            got = memoryview(data)[:result] if into else result
            caller = _getframe(1)
            line = caller.f_lineno if caller.f_code.co_filename == _PROGRAM else _line(1)
            _emit("recv", line, (n, len(got), bytes(got[:PREVIEW]), wait))
            return result
        sent = data if whole else memoryview(data)[:result]
        via = index = None
        if _lists:
            me = id(self)
            for entry in list(_lists.values()):
                ids = list(map(id, entry[0]))  # by identity, as `is`: no __eq__ of the program's runs
                if me in ids:
                    via = entry[1]
                    index = ids.index(me)
                    break
        caller = _getframe(1)
        line = caller.f_lineno if caller.f_code.co_filename == _PROGRAM else _line(1)
        _emit("send", line, (n, op, len(sent), bytes(sent[:PREVIEW]), wait, _holding(), via, index))
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
