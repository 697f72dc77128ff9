# Sockets: socket.socket is a Python class, so its methods can be wrapped. Only sockets the tracer
# numbered (listening, accepted, connected) are recorded; the channel to the lab is a _socket.socket.
import select
import socket

from .record import flush, PREVIEW, _PROGRAM, _bindings, _emit, _events, _getframe, _held, _ident, _line, _lists, _next, _now, _numbers
from .shared_list import _check_bindings, _check_contents, _tracked

_S = socket.socket
_orig = {name: getattr(_S, name) for name in ("accept", "bind", "listen", "connect", "recv", "recv_into", "send", "sendall", "close")}
_ports = {}
_send_now = _orig["send"]
_DONTWAIT = int(socket.MSG_DONTWAIT)  # (the IntFlag itself makes every `flags | _DONTWAIT` a Python call)
_poll = select.poll
_POLLIN = select.POLLIN
# A recv that would wait first waits this long (ms) for its data before the queue is sent: a chat
# line's next line usually comes sooner, and its events then go with a later batch instead of one
# send to the lab per line (and the lab woken per line). Past it, the queue is sent, then the recv
# waits as the program asked.
_LINGER_MS = 5
_STALE_S = 0.05  # ... and sent anyway once its oldest event is this old (a line every few ms)


def _socket_event(kind, sock, depth, fields):
    n = _numbers.get(id(sock))
    if n is None:
        return
    _checks()
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


def _linger(sock, t0):
    """For a blocking recv with events queued: True when something is there to read (or the end,
    or an error) now or within _LINGER_MS, so the recv is made without waiting and the queue stays
    for a later batch. False (the queue is sent, then the recv waits as the program asked) when
    nothing came, when the queue is empty or its oldest event is older than _STALE_S, or the socket
    cannot be polled (closed meanwhile: the recv itself then says what the program would have been
    told)."""
    try:
        if t0 - _events[0][1] > _STALE_S:
            return False
        poller = _poll()
        poller.register(sock, _POLLIN)
        return bool(poller.poll(_LINGER_MS))
    except (IndexError, OSError, ValueError):  # (IndexError: another thread sent the queue meanwhile)
        return False


def _checks():
    """Before a socket event: a shared list rebound to a new one, or changed by no call a
    SharedList or the profile function saw (L *= 2), is reported first, so it comes in order.
    Inline tests first: this runs twice a chat line, and a call of the full checks costs more than
    the tests."""
    for binding in _bindings:
        if id(binding[0].get(binding[1])) not in _lists:
            _check_bindings()
            break
    for entry in _tracked[0]:
        if entry[0] != entry[3]:
            _check_contents()
            break


# The wrappers of recv, recv_into, send and sendall: their events are the hot ones (two a chat line
# and one more per client it reaches), so they are written out flat (a Python call costs about as
# much as the rest of an event here); their fields are a tuple, written out by channel._encode.
# Each first tries the call without waiting (a recv once poll says something is there: _linger; a
# send with MSG_DONTWAIT): the events queued so far go out (record.flush) only when it would wait
# (a thread that blocks must not leave its own events unsent), so a busy chat sends them in
# batches and an idle one on the way to waiting. A socket with a timeout, or non-blocking (the
# program waits in select()), or flags the fast path does not take, is called as it was.


def _waited(original, self, data, args):
    """The call as the program made it, once the queue is sent: it may wait."""
    flush()
    return original(self, data, *args)


def _failed(op, sock, error):
    _socket_event("sock.error", sock, 2, {"op": op, "error": (type(error).__name__ + ": " + str(error))[:200]})


def _recv(op):
    original = _orig[op]
    into = op == "recv_into"
    most = 2 if into else 1  # recv(bufsize[, flags]), recv_into(buffer[, nbytes[, flags]])

    def wrapper(self, data, *args):
        n = _numbers.get(id(self))
        if n is None:
            return original(self, data, *args)
        t0 = _now()
        try:
            result = None
            if _events and len(args) <= most and self.timeout is None and _linger(self, t0):
                try:
                    if into:
                        result = original(self, data, args[0] if args else 0, (args[1] if len(args) > 1 else 0) | _DONTWAIT)
                    else:
                        result = original(self, data, (args[0] if args else 0) | _DONTWAIT)
                except BlockingIOError:
                    pass
            if result is None:
                result = _waited(original, self, data, args)
        except OSError as error:
            _failed(op, self, error)
            raise
        wait = (_now() - t0) * 1000
        if id(self) not in _numbers:  # closed meanwhile by another thread
            return result
        _checks()
        got = memoryview(data)[:result] if into else result
        caller = _getframe(1)
        _emit("recv", caller.f_lineno if caller.f_code.co_filename == _PROGRAM else _line(1), (n, len(got), bytes(got[:PREVIEW]), wait))
        return result

    wrapper.__name__ = op
    return wrapper


def _send(op):
    original = _orig[op]
    whole = op == "sendall"

    def wrapper(self, data, *args):
        n = _numbers.get(id(self))
        if n is None:
            return original(self, data, *args)
        t0 = _now()
        try:
            result = None
            if len(args) <= 1 and self.timeout is None:
                try:
                    sent = _send_now(self, data, (args[0] if args else 0) | _DONTWAIT)
                    if sent == (len(data) if data.__class__ is bytes else memoryview(data).nbytes):
                        result = sent
                    else:
                        result = sent + (_waited(original, self, memoryview(data).cast("B")[sent:], args) or 0)
                except BlockingIOError:
                    pass
            if result is None:
                result = _waited(original, self, data, args)
        except OSError as error:
            _failed(op, self, error)
            raise
        wait = (_now() - t0) * 1000
        if whole:
            result = None  # (sendall returns None; its events say the whole of data)
            sent = data
        else:
            sent = memoryview(data)[:result]
        if id(self) not in _numbers:
            return result
        _checks()
        via = index = None
        me = id(self)
        for entry in _tracked[0]:
            for i, item in enumerate(entry[0]):
                if id(item) == me:  # by identity, as `is`: no __eq__ of the program's runs
                    via = entry[1]
                    index = i
                    break
            if via is not None:
                break
        held = _held.get(_ident())
        caller = _getframe(1)
        _emit(
            "send",
            caller.f_lineno if caller.f_code.co_filename == _PROGRAM else _line(1),
            (n, op, len(sent), bytes(sent[:PREVIEW]), wait, list(held) if held else [], via, index),
        )
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
_S.recv = _recv("recv")
_S.recv_into = _recv("recv_into")
_S.send = _send("send")
_S.sendall = _send("sendall")
_S.close = _wrap_close
