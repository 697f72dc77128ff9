// The process backend (LAB_SANDBOX=weak), for machines where namespaces cannot be made (macOS, no
// root, no bubblewrap): the program runs as an ordinary process with rlimits where prlimit exists,
// and the lab's sitecustomize moves its listening ports to free loopback ports so two runs can both
// "listen on 8888".
// Nothing here isolates runs from each other or from the machine; the lab says so loudly.
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { STATE_DIR } from "../paths";
import { intentEnv } from "./intents";
import type { Python } from "./python";
import { checkSourceAddress, SocketConnection } from "./socket-connection";
import { SITE_DIR, TRACER_DIR, tracerEnv } from "../trace/tracer-env";
import type { Connection, ConnectOptions, ExitInfo, Isolation, Limits, Sandbox, SandboxRun, SandboxRunEvents, StartOptions } from "./types";


class WeakRun extends EventEmitter<SandboxRunEvents> implements SandboxRun {
  exitInfo: ExitInfo | null = null;
  /** Port the program asked for → port it really has on 127.0.0.1. */
  private readonly mapped = new Map<number, number>();
  private stopReason: string | null = null;
  private readonly exited: Promise<void>;

  constructor(
    readonly id: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    super();
    child.stdout!.on("data", (d: Buffer) => this.emit("stdout", d));
    child.stderr!.on("data", (d: Buffer) => this.emit("stderr", d));
    let pending = "";
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        const [wanted, actual] = line.split(" ").map(Number);
        if (wanted && actual) this.mapped.set(wanted, actual);
      }
      this.emit("ports", this.ports);
    });
    child.stdin!.on("error", () => {});
    this.exited = new Promise((resolve) => {
      child.on("close", (code, signal) => {
        rmSync(this.dir, { recursive: true, force: true });
        this.exitInfo = { code, signal, reason: this.stopReason ?? undefined };
        this.mapped.clear();
        this.emit("exit", this.exitInfo);
        resolve();
      });
    });
  }

  get ports(): number[] {
    return [...this.mapped.keys()].sort((a, b) => a - b);
  }

  writeStdin(data: string | Buffer): void {
    this.child.stdin?.write(data);
  }

  endStdin(): void {
    this.child.stdin?.end();
  }

  connect(port: number, options: ConnectOptions = {}): Promise<Connection> {
    const actual = this.mapped.get(port);
    if (!actual || this.exitInfo) return Promise.reject(Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" }));
    let from: string | undefined;
    try {
      from = checkSourceAddress(options.from);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      // The host's loopback is 127.0.0.0/8 on Linux; on macOS only 127.0.0.1 is, and another `from` fails (EADDRNOTAVAIL).
      const socket = net.connect({ port: actual, host: "127.0.0.1", ...(from ? { localAddress: from } : {}) });
      socket.once("connect", () => {
        socket.removeListener("error", reject);
        resolve(new SocketConnection(socket));
      });
      socket.once("error", reject);
    });
  }

  async stop(reason = "stopped"): Promise<void> {
    if (!this.exitInfo) {
      this.stopReason = reason;
      // The run is its own process group; a daemon that called setsid escapes this (weak mode).
      try {
        process.kill(-this.child.pid!, "SIGKILL");
      } catch {
        this.child.kill("SIGKILL");
      }
    }
    await this.exited;
  }
}

let sequence = 0;

function listenForTracer(path: string): Promise<{ server: net.Server; path: string }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(path, () => resolve({ server, path }));
  });
}

export class WeakSandbox implements Sandbox {
  readonly isolation: Isolation = { isolated: false, description: "none: each run is an ordinary process of the lab's user" };
  readonly warning: string;
  private readonly runs = new Set<WeakRun>();

  constructor(
    private readonly limits: Limits,
    private readonly python: Python,
    why: string,
  ) {
    this.warning = `${why}. The lab runs in its weak mode: programs run as ordinary processes of the lab's user, with ports moved to free loopback ports.`;
  }

  async start(options: StartOptions): Promise<SandboxRun> {
    const limits = this.limits;
    const intents = intentEnv(options);
    mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
    const dir = mkdtempSync(join(STATE_DIR, "weak-run-"));
    writeFileSync(join(dir, options.fileName), options.source);
    const argv = [this.python.executable, "-u", join(dir, options.fileName)];
    const rlimits = [`--nproc=${limits.tasks}`, `--fsize=${limits.fileBytes}`, `--nofile=${limits.openFiles}`, `--cpu=${limits.cpuSeconds}`, "--core=0", "--"];
    const command = process.platform === "linux" ? ["prlimit", ...rlimits, ...argv] : argv;
    // Traced: the tracer connects to a Unix socket in the run's folder (no namespace here).
    const tracer = options.trace ? await listenForTracer(join(dir, "trace.sock")) : null;
    const traceEnv = tracer ? tracerEnv(tracer.path, join(dir, options.fileName), [SITE_DIR, TRACER_DIR]) : { PYTHONPATH: SITE_DIR };
    const child = spawn(command[0], command.slice(1), {
      cwd: dir,
      detached: true,
      stdio: ["pipe", "pipe", "pipe", "pipe"],
      env: { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH, HOME: dir, LANG: "C.UTF-8", PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1", LAB_PORT_FD: "3", ...intents, ...traceEnv },
    });
    const run = new WeakRun(`weak-${++sequence}`, child, dir);
    if (tracer) {
      tracer.server.once("connection", (socket) => {
        tracer.server.close();
        run.emit("trace", socket);
      });
      run.once("exit", () => tracer.server.close());
    }
    child.on("error", (error) => run.emit("stderr", Buffer.from(`[lab] could not start python: ${error.message}\n`)));
    this.runs.add(run);
    run.once("exit", () => this.runs.delete(run));
    return run;
  }

  async close(): Promise<void> {
    await Promise.all([...this.runs].map((run) => run.stop("the lab is shutting down")));
  }
}
