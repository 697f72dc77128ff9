# Python imports this before every program the lab starts with this folder on PYTHONPATH, and
# Python imports only ONE sitecustomize: so this one file composes the lab's start-up hooks.
# lab_ports (weak mode only) moves listening ports to free loopback ports; lab_trace (when the run
# is traced) records sockets, threads, locks and the shared list. Ports first: the tracer wraps
# whatever listen() is by then. Neither changes the student's file.
import os

# sys.path has these folders now; the program's environment is left as the lab gives an untraced one.
os.environ.pop("PYTHONPATH", None)
if "LAB_PORT_FD" in os.environ:
    import lab_ports  # noqa: F401
if "LAB_TRACE_SOCKET" in os.environ:
    try:
        import lab_trace  # noqa: F401
    except Exception as error:  # the program runs untraced rather than not at all
        os.write(2, ("[lab] the tracer did not start: %r\n" % (error,)).encode())
