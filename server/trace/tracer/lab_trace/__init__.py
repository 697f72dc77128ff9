# The lab's tracer: imported by sitecustomize.py before the student's program runs, when the run is
# traced. It records what the program does with sockets, threads, locks and its shared list of
# clients, and streams it to the lab as JSON lines over a Unix socket it opens itself (the program
# starts with descriptors 0, 1 and 2 only). The student's file is not changed.
#
# How it sees each thing (docs/trace.md):
# - sockets: socket.socket is a Python class; its accept/recv/send/sendall/close/... are wrapped;
# - locks: threading.Lock/RLock make traced locks (with-statements call no profiled function);
# - the shared list: list.append/remove/... are C methods, seen only as sys.setprofile "c_call"
#   events (threading.setprofile for new threads); a list becomes "shared" once a traced socket is
#   put in it; a name rebound to a new list of sockets is a "rebuild". Once found, the list's type
#   is switched in place to a list subclass that reports its own changes, and the profile function
#   is turned off (shared_list.py);
# - threads: Thread._bootstrap_inner and threading.excepthook are wrapped.
# Costs: the program's threads append a tuple per event to a deque; the JSON is made and sent, without
# blocking, where a thread is about to wait anyway (a recv that got nothing for 5 ms, a send that
# would block, accept, a lock's wait, sleep) or every few hundred events: no thread of the tracer's
# own. Past LAB_TRACE_HELD
# events waiting, events are dropped and counted.
from . import record  # noqa: F401  (reads the lab's settings from the environment first)
from . import sockets, locks, threads  # noqa: F401,E401  (each patches what it traces when imported)
from . import channel  # noqa: F401  (connects to the lab and starts recording; must come last)
