# The channel to the lab: a Unix socket the tracer opens itself (the program starts with
# descriptors 0, 1 and 2 only). The program's own threads encode and send what is queued, without
# blocking, when they are about to wait and every few hundred events (record.flush); past what the
# socket takes, events wait, and past LAB_TRACE_HELD they are dropped and counted (a "dropped"
# event says how many).
import _socket
import _thread
import atexit
import json
import sys
import threading
import time

from .record import _ADDRESS, _emit, _events, _flusher, _now, _state
from .shared_list import _profile

_UNSENT_MAX = 256 * 1024
_sys_setprofile = sys.setprofile
_threading_setprofile = threading.setprofile


def _watched(setprofile):
    """sys.setprofile and threading.setprofile as the program sees them: a program that swaps the
    profile function out stops the list being seen, so say so once. (Not an audit hook: one of
    those is a Python call for every sys._getframe and frame.f_code, which the socket wrappers
    make on every event: 17.5k of a traced chat line's 99.6k instructions under callgrind.)"""

    def watched(function):
        if function is not _profile and _state["on"] and not _state.get("told"):
            _state["told"] = True
            _emit("tracer.note", None, {"message": "the program called sys.setprofile: changes to its lists may no longer be seen"})
        return setprofile(function)

    watched.__name__ = setprofile.__name__
    watched.__doc__ = setprofile.__doc__
    return watched


# ---- the channel to the lab ----


def _connect():
    """An abstract name ("@name") is what the lab's supervisor listens on in the run's network
    namespace. Node (libuv before 1.46) binds it padded with NULs to the whole sun_path; newer
    ones bind the exact name: try both."""
    if not _ADDRESS.startswith("@"):
        names = [_ADDRESS]
    else:
        name = _ADDRESS[1:]
        names = ["\0" + name + "\0" * (107 - len(name)), "\0" + name]
    for i, address in enumerate(names):
        channel = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            channel.connect(address)
            return channel
        except OSError:
            channel.close()
            if i == len(names) - 1:
                raise


_channel = _connect()
_channel.setblocking(False)
_unsent = bytearray()
_dumps = json.JSONEncoder(separators=(",", ":")).encode


_flushing = _thread.allocate_lock()
_sleep = time.sleep


def _flush():
    """Encode what the threads recorded and send what the socket takes now; never block them.
    One thread at a time: another that finds a flush under way goes on (its events wait)."""
    # Events another thread recorded while this one flushed (its own flush found the lock taken
    # and went on) are this thread's to send: that thread may now block in recv() for good, and its
    # events would wait for the next one (a traced echo went unseen for seconds). A few passes at
    # most: a socket that takes nothing more leaves the rest for the next flush.
    for _ in range(3):
        if not _flushing.acquire(False):
            return
        try:
            _flush_now()
        finally:
            _flushing.release()
        if not _events:
            return


_escape = json.encoder.encode_basestring_ascii
_json = json.encoder.c_make_encoder
_json = (
    (lambda value, _encode=_json(None, None, _escape, None, ":", ",", False, False, True): "".join(_encode(value, 0)))
    if _json is not None
    else _dumps
)


def _encode(event):
    """One recorded event (record._emit's tuple) as a JSON line's text. The hot events (recv, send:
    sockets.py) come with their fields as a tuple, written by a template; the others as a dict whose
    keys are the tracer's own names: ints, strings and bytes written here, the rest by json."""
    kind, t, thread, line, fields = event
    if line is None:
        head = '{"kind":"%s","t":%.3f,"thread":%d' % (kind, t * 1000, thread)
    else:
        head = '{"kind":"%s","t":%.3f,"thread":%d,"line":%d' % (kind, t * 1000, thread, line)
    if fields.__class__ is tuple:
        if kind == "recv":
            conn, size, preview, wait = fields
            return head + ',"conn":%d,"bytes":%d,"preview":%s,"wait":%.3f}' % (conn, size, _escape(preview.decode("utf-8", "replace")), wait)
        conn, op, size, preview, wait, holding, via, index = fields
        head += ',"conn":%d,"op":"%s","bytes":%d,"preview":%s,"wait":%.3f,"holding":%s' % (
            conn, op, size, _escape(preview.decode("utf-8", "replace")), wait, holding)  # (a list of ints: its repr is JSON)
        return head + (',"via":%d,"index":%d}' % (via, index) if via is not None else "}")
    out = [head]
    for key, value in fields.items():
        cls = value.__class__
        if cls is int:
            out.append(',"%s":%d' % (key, value))
        elif cls is bytes:
            out.append(',"%s":%s' % (key, _escape(value.decode("utf-8", "replace"))))
        elif cls is str:
            out.append(',"%s":%s' % (key, _escape(value)))
        else:
            out.append(',"%s":%s' % (key, _json(value)))
    out.append("}")
    return "".join(out)


def _flush_now():
    global _unsent
    if len(_unsent) < _UNSENT_MAX:
        batch = []
        while _events and len(batch) < 4000:
            batch.append(_events.popleft())
        dropped = _state["dropped"]
        if dropped:
            _state["dropped"] = 0
            batch.append(("dropped", _now(), 0, None, {"count": dropped}))
        if batch:
            _unsent += ("\n".join(map(_encode, batch)) + "\n").encode()
    while _unsent:
        try:
            sent = _channel.send(_unsent)
        except BlockingIOError:
            return
        except OSError:
            _state["on"] = False
            _events.clear()
            _unsent = bytearray()
            return
        del _unsent[:sent]


def _last_flush():
    _emit("exit", None, {})
    end = _now() + 0.5
    _flush()
    while (_unsent or _events) and _state["on"] and _now() < end:
        _sleep(0.005)
        _flush()


def _traced_sleep(seconds):
    _flush()
    return _sleep(seconds)


_flusher[0] = _flush
time.sleep = _traced_sleep
atexit.register(_last_flush)
sys.setprofile(_profile)
threading.setprofile(_profile)
# (After the tracer's own: threading's new threads set _profile through sys.setprofile as well.)
sys.setprofile = _watched(_sys_setprofile)
threading.setprofile = _watched(_threading_setprofile)
