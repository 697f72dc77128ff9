# Threads, exceptions and the keyboard (stage 0 reads input() and prints).
import builtins
import sys
import threading

from .record import flush, PREVIEW, _PROGRAM, _emit, _line, _now, _thread_no, _threads

_bootstrap_inner = threading.Thread._bootstrap_inner
_thread_start = threading.Thread.start


def _wrapped_start(self):
    self._lab_parent = _thread_no()
    self._lab_line = _line(1)
    return _thread_start(self)


def _wrapped_bootstrap(self):
    fields = {"name": str(self.name)[:80], "parent": getattr(self, "_lab_parent", 0)}
    _emit("thread.start", getattr(self, "_lab_line", None), fields)
    try:
        _bootstrap_inner(self)
    finally:
        _emit("thread.end", None, {})
        flush()


threading.Thread.start = _wrapped_start
threading.Thread._bootstrap_inner = _wrapped_bootstrap
_threads[threading.main_thread().ident] = 0


def _exception_fields(kind, value, tb):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _PROGRAM:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line, {"type": getattr(kind, "__name__", "?")[:80], "message": str(value)[:200]}


_thread_excepthook = threading.excepthook
_sys_excepthook = sys.excepthook


_TRACER_DIR = __file__.rsplit("/", 1)[0]


def _hide_tracer(error, depth=0):
    """Take the tracer's own frames (its socket wrappers) out of a traceback before it is printed, so
    the student reads the same traceback as without the tracer."""
    if error is None or depth > 5:
        return
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(_TRACER_DIR):
        tb = tb.tb_next
    node = tb
    while node is not None:
        after = node.tb_next
        while after is not None and after.tb_frame.f_code.co_filename.startswith(_TRACER_DIR):
            after = after.tb_next
        node.tb_next = after
        node = after
    error.__traceback__ = tb
    _hide_tracer(error.__cause__ or error.__context__, depth + 1)


def _on_thread_exception(args):
    _hide_tracer(args.exc_value)
    line, fields = _exception_fields(args.exc_type, args.exc_value, args.exc_traceback)
    _emit("exception", line, fields)
    _thread_excepthook(args)


def _on_exception(kind, value, tb):
    _hide_tracer(value)
    line, fields = _exception_fields(kind, value, value.__traceback__ if value is not None else tb)
    _emit("exception", line, fields)
    _sys_excepthook(kind, value, value.__traceback__ if value is not None else tb)


threading.excepthook = _on_thread_exception
sys.excepthook = _on_exception
_input = builtins.input
_print = builtins.print


def _traced_input(*prompt):
    flush()
    t0 = _now()
    try:
        text = _input(*prompt)
    except EOFError:
        _emit("input", _line(1), {"bytes": 0, "preview": "", "eof": True, "wait": round((_now() - t0) * 1000, 3)})
        raise
    _emit("input", _line(1), {"bytes": len(text.encode("utf-8", "replace")), "preview": text[:PREVIEW], "wait": round((_now() - t0) * 1000, 3)})
    return text


def _traced_print(*args, **kwargs):
    if kwargs.get("file") is None:
        _emit("print", _line(1), {"preview": " ".join(str(a) for a in args)[:PREVIEW]})
    return _print(*args, **kwargs)


builtins.input = _traced_input
builtins.print = _traced_print
