// The run's supervisor: a small Node process the lab starts in a fresh network namespace (see
// namespace-sandbox.ts). It starts the student's program under bubblewrap in that same namespace,
// watches which ports it listens on, and, when asked, connects to one and hands the connected
// socket back to the lab over IPC, so the lab holds a real TCP socket into the run with no relay
// the student's program could write to. It runs as a separate bundle (built by supervisor-bundle.ts).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { dirname } from "node:path";
import { closeInheritedDescriptors } from "./inherited-fds";
import { checkToSupervisor } from "./supervisor-check";
// Types only: the zod schemas stay out of this bundle (see supervisor-check.ts).
import type { FromSupervisor, ToSupervisor } from "./supervisor-messages";

const RUN_NICE = 5;

// Before anything is started: descriptors the lab was started with must not reach the program. The
// lab spawns this process with stdio ["ignore", "ignore", "pipe", "ipc"]: fd 3 is the IPC channel.
closeInheritedDescriptors([3]);

function send(message: FromSupervisor, handle?: net.Socket, done?: () => void): void {
  if (!process.connected) return;
  process.send!(message, handle, {}, () => done?.());
}

// A run yields the CPU to the lab server, which carries every student's terminals: this process and
// all it starts (bubblewrap, the program) run at nice 5, a CFS weight of 335 against the lab's 1024.
// Without it, students pressing Run and Stop (each start costs ~60 ms of CPU) could starve the lab:
// in a class load on 2 cores, the chat's keystroke round trip went from p99 42 to 28 ms with it.
try {
  os.setPriority(RUN_NICE);
} catch {
  // not allowed here: the run keeps the lab's priority
}

// A fresh network namespace has its loopback down; bring it up so the program can listen on it.
try {
  execFileSync("ip", ["link", "set", "lo", "up"], { stdio: "ignore" });
} catch (error) {
  send({ type: "failed", message: `could not bring up the run's loopback (ip link set lo up): ${String(error)}` });
}

let child: ChildProcess | null = null;
/** The run's pid-namespace init (bubblewrap's inner process), as seen from here. */
let namespaceInit: number | null = null;

/**
 * Kill the run by killing its pid-namespace init: the kernel then kills every process in the
 * namespace, daemons included, and bubblewrap's outer process reaps the init and exits, so we
 * reap it in turn. (Killing bubblewrap's outer process first would orphan the init to a host
 * init that may never reap it.)
 */
function killRun(): void {
  if (namespaceInit) {
    try {
      process.kill(namespaceInit, "SIGKILL");
      return;
    } catch {
      // already gone
    }
  }
  child?.kill("SIGKILL");
}
let listening: number[] = [];
const families = new Map<number, 4 | 6>();

/** LISTEN sockets of this namespace, from /proc/net (per namespace, so they are all the run's). */
function readListeningPorts(): number[] {
  const ports = new Set<number>();
  families.clear();
  for (const [file, family] of [["/proc/net/tcp", 4], ["/proc/net/tcp6", 6]] as const) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== "0A") continue; // 0A is TCP_LISTEN
      const port = parseInt(fields[1].split(":")[1], 16);
      ports.add(port);
      if (!families.has(port)) families.set(port, family);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * How many TCP sockets this namespace has hashed (listening or connected), from /proc/net/sockstat
 * and sockstat6: the kernel sums a per-namespace counter, about 20 µs a read. /proc/net/tcp is dear
 * by comparison: the kernel walks the host's whole connection table to find this namespace's few
 * sockets (262,144 buckets on a 24 GiB machine: 3.3 ms a read, 6.6 ms for both files), so reading it
 * every 200 ms cost each idle run 3% of a core, and 60 runs a whole core (docs/performance.md).
 */
function tcpSocketsInUse(): string {
  let counts = "";
  for (const file of ["/proc/net/sockstat", "/proc/net/sockstat6"]) {
    try {
      counts += `${/TCP6?: inuse (\d+)/.exec(readFileSync(file, "utf8"))?.[1] ?? "?"} `;
    } catch {
      counts += "- ";
    }
  }
  return counts;
}

/** Past this, read the listening sockets again even if the counts did not change (a listener swapped for another between two looks). */
const FULL_LOOK_MS = 30_000;
/**
 * A look at /proc/net/tcp costs what the host's whole connection table costs, and a program that
 * connects and closes without pause changes the socket count at nearly every poll: 5-10% of a core
 * of this process, which no cgroup of the run is charged for (60 such runs: 3 cores). After a look
 * that took t ms of CPU, the next waits LOOK_BUDGET × t ms (CPU time, not wall time: a busy machine
 * must not delay the moment a student's program is seen listening), 1 s at most.
 */
const LOOK_BUDGET = 100;
const MAX_LOOK_WAIT_MS = 1000;

function watchPorts(): void {
  // Poll fast until the program listens (that moment is what a student waits for), then slowly; read
  // which ports listen only when the namespace's count of TCP sockets changed (a listen, a close, a
  // terminal connecting or leaving).
  let counts = "";
  let lookedAt = 0;
  let nextLook = 0;
  let freeLooks = 5;
  const startedAt = Date.now();
  const check = () => {
    if (!child) return;
    const nowCounts = tcpSocketsInUse();
    const at = Date.now();
    if ((nowCounts !== counts && at >= nextLook) || at - lookedAt > FULL_LOOK_MS) {
      counts = nowCounts;
      lookedAt = at;
      const cpu = process.cpuUsage();
      const now = readListeningPorts();
      const { user, system } = process.cpuUsage(cpu);
      // The first few looks before the program listens are free: that is the moment a student waits
      // for, and the first look, made before the program has listened, costs the most (charging it
      // delayed "listening" by up to a second on every Run). A churning program gets no more than these.
      const free = !listening.length && freeLooks > 0;
      if (free) freeLooks--;
      nextLook = free ? 0 : at + Math.min(MAX_LOOK_WAIT_MS, ((user + system) / 1000) * LOOK_BUDGET);
      if (now.join() !== listening.join()) {
        listening = now;
        send({ type: "ports", ports: now });
      }
    }
    // 10 ms while a student waits for the program to listen; a program still not listening after
    // 2 s (stage 0 never does) is looked at every 100 ms: 10 ms polls cost 2% of a core for ever.
    setTimeout(check, listening.length ? 200 : Date.now() - startedAt < 2000 ? 10 : 100).unref();
  };
  check();
}

/** Output past the rate limit holds the program's writes back (the pipe fills) instead of flooding the lab. */
function pipeOutput(stream: NodeJS.ReadableStream, name: "stdout" | "stderr", bytesPerSecond: number, all: NodeJS.ReadableStream[]): void {
  stream.on("data", (chunk: Buffer) => {
    budget.used += chunk.length;
    inFlight++;
    send({ type: "output", stream: name, data: chunk.toString("base64") }, undefined, () => {
      inFlight--;
      if (inFlight < 16 && !budget.paused) all.forEach((s) => s.resume());
    });
    // Once the program has exited, only what is left in the pipes remains: drain it at once, or
    // "close" (the end of a run, Stop included) waits for the throttle, then for the 2 s fallback.
    if (!programExited && (budget.used > bytesPerSecond || inFlight >= 64)) {
      all.forEach((s) => s.pause());
      if (budget.used > bytesPerSecond && !budget.paused) {
        budget.paused = true;
        if (!budget.told) send({ type: "throttled", bytesPerSecond });
        budget.told = true;
      }
    }
  });
}
const budget = { used: 0, paused: false, told: false };
let programExited = false;
let inFlight = 0;

/** The run's cgroups (the folders of its cgroup.procs files). */
let cgroupDirs: string[] = [];

/**
 * A traced run's tracer connects to an abstract Unix socket of this network namespace (the program
 * opens it itself: it starts with descriptors 0, 1 and 2 only). The first connection, made before
 * the student's code runs, is handed to the lab, which reads it directly; then nobody else may.
 */
function listenForTracer(name: string, then: () => void): void {
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    server.close();
    send({ type: "trace" }, socket);
  });
  server.once("error", (error) => {
    send({ type: "failed", message: `the program is not traced: ${error.message}` });
    then();
  });
  server.listen("\0" + name.slice(1), then);
}

let startAsked = false;
function start(message: Extract<ToSupervisor, { type: "start" }>): void {
  if (startAsked) return;
  startAsked = true;
  cgroupDirs = message.cgroupProcs.map((file) => dirname(file));
  if (message.traceSocket) return listenForTracer(message.traceSocket, () => startProgram(message));
  startProgram(message);
}

function startProgram(message: Extract<ToSupervisor, { type: "start" }>): void {
  // The shell puts itself into the run's cgroups, then becomes the command, so every process of
  // the run is counted from its first instruction.
  const script = 'for f in $LAB_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done; exec "$@"';
  const program = spawn("/bin/sh", ["-c", script, "lab-run", ...message.command], {
    // fd 3 is bubblewrap's --info-fd: it tells us the pid of the run's pid-namespace init.
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    // bubblewrap clears the environment for the program (--clearenv); NODE_ENV only satisfies the type.
    env: { NODE_ENV: process.env.NODE_ENV, LAB_CGROUP_PROCS: message.cgroupProcs.join(" "), PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
  });
  child = program;
  for (const data of early.splice(0)) writeStdin(data);
  const streams = [program.stdout!, program.stderr!];
  let info = "";
  (program.stdio[3] as NodeJS.ReadableStream).on("data", (d: Buffer) => {
    info += d.toString();
    const pid = /"child-pid"\s*:\s*(\d+)/.exec(info)?.[1];
    if (pid) namespaceInit = Number(pid);
  });
  pipeOutput(program.stdout!, "stdout", message.outputBytesPerSecond, streams);
  pipeOutput(program.stderr!, "stderr", message.outputBytesPerSecond, streams);
  setInterval(() => {
    budget.used = 0;
    if (budget.paused) {
      budget.paused = false;
      if (inFlight < 16) streams.forEach((s) => s.resume());
    }
  }, 1000).unref();
  program.stdin!.on("error", () => {}); // the program may close stdin or exit first
  program.on("error", (error) => send({ type: "failed", message: `could not start the program: ${error.message}` }));
  // "close" comes after the exit and the last output, so a traceback is never cut off; the timer
  // covers stdio held open by something that outlived the program.
  let exitSent = false;
  const sendExit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (exitSent) return;
    exitSent = true;
    send({ type: "exit", code, signal });
  };
  program.on("close", sendExit);
  program.on("exit", (code, signal) => {
    programExited = true;
    streams.forEach((s) => s.resume());
    setTimeout(() => sendExit(code, signal), 2000).unref();
  });
  send({ type: "started", pid: program.pid ?? -1 });
  watchPorts();
}

function connect(id: number, port: number, from: string | undefined): void {
  // A source address is IPv4: a program listening on "::" (dual stack) takes it at 127.0.0.1 too.
  const host = families.get(port) === 6 && !from ? "::1" : "127.0.0.1";
  const socket = net.connect({ port, host, ...(from ? { localAddress: from } : {}) });
  socket.once("connect", () => {
    // keepOpen false (the default): the socket is closed here once the lab has it.
    send({ type: "connected", id }, socket);
  });
  socket.once("error", (error: NodeJS.ErrnoException) => send({ type: "connectFailed", id, code: error.code ?? "EIO" }));
}

/** Input the program has not read yet is held up to this much; more is dropped (and said) instead of growing this process without bound. */
const STDIN_HELD_MAX = 1024 * 1024;
let stdinDropped = false;
/** Input that came before the program started (a traced run starts it once the tracer's socket listens). */
const early: (Buffer | null)[] = [];
function writeStdin(data: Buffer | null): void {
  if (!child) return void early.push(data);
  if (data === null) return void child.stdin?.end();
  const stdin = child?.stdin;
  if (!stdin || stdin.writableEnded) return;
  if (stdin.writableLength > STDIN_HELD_MAX) {
    if (!stdinDropped) {
      stdinDropped = true;
      send({ type: "failed", message: "the program is not reading its input: what is typed now is dropped until it reads" });
      stdin.once("drain", () => (stdinDropped = false));
    }
    return;
  }
  stdin.write(data);
}

process.on("message", (raw) => {
  const parsed = checkToSupervisor(raw);
  if (!parsed.ok) return send({ type: "failed", message: `bad message from the lab: ${parsed.error}` });
  const message = parsed.message;
  switch (message.type) {
    case "start":
      return start(message);
    case "connect":
      return connect(message.id, message.port, message.from);
    case "stdin":
      writeStdin(Buffer.from(message.data, "base64"));
      return;
    case "eof":
      writeStdin(null);
      return;
    case "kill":
      killRun();
      return;
  }
});

// The lab ends a run's supervisor with SIGTERM (as pid 1 of its namespace it would ignore it
// without a handler); exiting takes every process of the namespace with it.
process.on("SIGTERM", () => {
  killRun();
  process.exit(0);
});

// The lab went away without stopping the run (killed, crashed, or a service manager's SIGKILL after
// its SIGTERM reached only npm): take the program with us, and remove the run's cgroups, which only
// the lab removes otherwise (8 empty ones were left by a lab killed with 8 live runs). The run's
// folder goes when a lab next starts (namespace-sandbox.ts, removeLeftovers).
process.on("disconnect", () => {
  killRun();
  void removeCgroupsOnceEmpty().finally(() => process.exit(0));
});

async function removeCgroupsOnceEmpty(): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    await new Promise((resolve) => {
      child!.once("exit", resolve);
      setTimeout(resolve, 3000).unref();
    });
  }
  for (const dir of cgroupDirs) {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        rmdirSync(dir);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}

send({ type: "ready" });
