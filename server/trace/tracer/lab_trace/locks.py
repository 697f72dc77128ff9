# Locks: `with LOCK:` calls no function a profiler sees, so threading.Lock and RLock make traced
# locks instead. Only what the student's file does is recorded (threading's own Events and
# Conditions make locks too).
import _thread
import threading

from .record import flush, _emit, _getframe, _held, _ident, _line, _next, _now, _threads
from .shared_list import _name_of

_allocate = _thread.allocate_lock


class TracedLock:
    """threading.Lock, recording wait / acquire / release when the student's file does them."""

    __slots__ = ("_lock", "_id", "_name", "_holder", "_count", "__weakref__")
    _reentrant = False

    def __init__(self):
        self._lock = _allocate()
        self._id = _next("lock")
        self._name = None
        self._holder = None
        self._count = 0

    def _fields(self, frame_depth):
        if self._name is None:
            try:
                frame = _getframe(frame_depth + 1)
                self._name = _name_of(self, frame)[0] or ""
            except ValueError:
                self._name = ""
        fields = {"lock": self._id}
        if self._name:
            fields["name"] = self._name
        return fields

    def _acquire(self, blocking, timeout, depth):
        me = _ident()
        if self._reentrant and self._holder == me:
            self._count += 1
            return True
        # Only the student's own uses: threading's Event and Condition make locks too.
        line = _line(depth + 1, 1)
        if line is None:
            got = self._lock.acquire(blocking, timeout)
        elif self._lock.acquire(False):
            got = True
            fields = self._fields(depth + 1)
            fields["wait"] = 0
            _emit("lock.acquire", line, fields)
        elif not blocking:
            return False
        else:
            fields = self._fields(depth + 1)
            holder = self._holder
            if holder is not None and holder in _threads:
                fields["holder"] = _threads[holder]
            _emit("lock.wait", line, fields)
            flush()
            t0 = _now()
            got = self._lock.acquire(True, timeout)
            if got:
                fields = self._fields(depth + 1)
                fields["wait"] = round((_now() - t0) * 1000, 3)
                _emit("lock.acquire", line, fields)
        if got:
            self._holder = me
            self._count = 1
            _held.setdefault(me, []).append(self._id)
        return got

    def _release(self, depth):
        me = _ident()
        if self._reentrant:
            if self._holder != me:
                raise RuntimeError("cannot release un-acquired lock")
            self._count -= 1
            if self._count:
                return
        held = _held.get(me)
        if held and self._id in held:
            held.remove(self._id)
        self._holder = None
        self._lock.release()
        line = _line(depth + 1, 1)
        if line is not None:
            _emit("lock.release", line, self._fields(depth + 1))

    def acquire(self, blocking=True, timeout=-1):
        return self._acquire(blocking, timeout, 1)

    def release(self):
        self._release(1)

    def __enter__(self):
        return self._acquire(True, -1, 1)

    def __exit__(self, *exc):
        self._release(1)

    def locked(self):
        return self._lock.locked()

    def _at_fork_reinit(self):
        self._lock = _allocate()
        self._holder = None

    def __repr__(self):
        return "<traced %s lock %d>" % ("locked" if self.locked() else "unlocked", self._id)


class TracedRLock(TracedLock):
    __slots__ = ()
    _reentrant = True

    def _is_owned(self):
        return self._holder == _ident()


threading.Lock = TracedLock
threading.RLock = TracedRLock
