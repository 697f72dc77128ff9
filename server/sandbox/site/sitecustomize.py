# Python imports this before every program the lab starts with this folder on PYTHONPATH, and
# Python imports only ONE sitecustomize: so this one file composes the lab's start-up hooks.
# The start intents (server/sandbox/intents.ts: thread switch interval, whole thread tracebacks);
# lab_ports (weak mode only) moves listening ports to free loopback ports; lab_trace (when the run
# is traced) records sockets, threads, locks and the shared list. Ports first: the tracer wraps
# whatever listen() is by then. None of them changes the student's file.
import os
import sys

_switch = os.environ.pop("LAB_SWITCH_INTERVAL", None)
if _switch:
    # The race checks: threads switch every 10 µs instead of 5 ms, so a missing lock shows.
    sys.setswitchinterval(float(_switch))

# sys.path has these folders now; the program's environment is left as the lab gives an untraced one.
os.environ.pop("PYTHONPATH", None)
if "LAB_PORT_FD" in os.environ:
    import lab_ports  # noqa: F401
if "LAB_TRACE_SOCKET" in os.environ:
    try:
        import lab_trace  # noqa: F401
    except Exception as error:  # the program runs untraced rather than not at all
        os.write(2, ("[lab] the tracer did not start: %r\n" % (error,)).encode())

if os.environ.pop("LAB_THREAD_TRACEBACKS", None):
    # Last, so it wraps whatever hook is there (Python's, or the tracer's): each thread's traceback
    # is printed into a buffer and written in one piece, so threads dying together do not
    # interleave theirs line by line ("Exception in thread Exception in thread ..."). Python's hook
    # writes to sys.stderr, so the buffer has to stand in for it; the lock keeps two dying threads
    # from swapping sys.stderr under each other (without it, one thread's "out" was the other's
    # buffer and both tracebacks reached stderr interleaved after all).
    import io
    import threading

    _lab_traceback_lock = threading.RLock()

    def _lab_whole_traceback(a, prev=threading.excepthook):
        with _lab_traceback_lock:
            out, sys.stderr = sys.stderr, io.StringIO()
            try:
                prev(a)
            finally:
                text, sys.stderr = sys.stderr.getvalue(), out
            out.write(text)
            out.flush()

    threading.excepthook = _lab_whole_traceback
