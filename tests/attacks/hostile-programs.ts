// Hostile students' programs that the attack tests and `npm run bench -- --only hostile` share.
const lines = (...l: string[]) => l.join("\n") + "\n";

/** `count` times: `open` a buffer, `write` to it until the kernel holds no more; print "parked N bytes", sleep. */
const parkAndSleep = (setup: string[], count: number, open: string, write: string) =>
  lines(
    ...setup,
    "parked = 0",
    "try:",
    `    for i in range(${count}):`,
    ...open.split("\n").map((l) => `        ${l}`),
    "        while True:",
    "            try:",
    `                parked += ${write}`,
    "            except BlockingIOError:",
    "                break",
    "except OSError as e:",
    "    print('stopped early:', e, flush=True)",
    "print('parked', parked, 'bytes', flush=True)",
    "import time",
    "time.sleep(600)",
  );

/** 90 connections to itself, sending until the kernel holds no more and reading nothing (unbounded: ~3.7 MiB each). */
export const TCP_PARKING = parkAndSleep(
  ["import socket", "srv = socket.socket()", "srv.bind(('127.0.0.1', 9000))", "srv.listen(128)", "srv.settimeout(2)", "pairs = []"],
  90,
  "a = socket.create_connection(('127.0.0.1', 9000), timeout=2)\npairs.append((a, srv.accept()[0]))\na.setblocking(False)",
  "a.send(b'p' * 65536)",
);

/** 200 pipes of 1 MiB (where the kernel allows), filled and never read. */
export const PIPE_PARKING = parkAndSleep(
  ["import fcntl, os", "pipes = []"],
  200,
  "r, w = os.pipe()\npipes.append((r, w))\ntry:\n    fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, 1 << 20)\nexcept OSError:\n    pass\nos.set_blocking(w, False)",
  "os.write(w, b'p' * 65536)",
);

/** Connects without pause to a port nothing listens on (so the supervisor keeps looking for a listener). */
export const CONNECTION_CHURN = lines(
  "import socket",
  "print('churning', flush=True)",
  "while True:",
  "    try:",
  "        socket.create_connection(('127.0.0.1', 9000)).close()",
  "    except ConnectionRefusedError:",
  "        pass",
);
