// One run as the lab sees it: a supervisor process in the run's namespace, reached over IPC.
import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import type { RunCgroup } from "./cgroups";
import { checkSourceAddress, SocketConnection } from "./socket-connection";
import { FromSupervisor, type ToSupervisor } from "./supervisor-messages";
import type { Connection, ConnectOptions, ExitInfo, Limits, SandboxRun, SandboxRunEvents } from "./types";

const MiB = 1024 * 1024;

export class SupervisedRun extends EventEmitter<SandboxRunEvents> implements SandboxRun {
  ports: number[] = [];
  exitInfo: ExitInfo | null = null;
  private nextConnect = 0;
  private readonly connects = new Map<number, { resolve: (c: Connection) => void; reject: (e: Error) => void }>();
  private stopReason: string | null = null;
  private finished: Promise<void>;
  private finish!: () => void;
  private throttleNoted = false;
  private readonly tasksWatch: NodeJS.Timeout | null;
  private tasksHit = false;
  private traced = false;

  constructor(
    readonly id: string,
    private readonly supervisor: ChildProcess,
    private readonly cgroup: RunCgroup | null,
    private readonly limits: Limits,
    private readonly release: () => void | Promise<void>,
  ) {
    super();
    this.finished = new Promise((resolve) => (this.finish = resolve));
    supervisor.on("message", (raw, handle) => this.receive(raw, handle as Socket | undefined));
    supervisor.once("exit", () => this.onExit({ code: null, signal: "SIGKILL" }));
    // A fork or thread bomb only sees fork() or Thread.start() fail: say once, in the console, that
    // the lab's task limit is what stopped it.
    this.tasksWatch = cgroup
      ? setInterval(() => {
          if (!cgroup.tasksExhausted()) return;
          this.tasksHit = true;
          this.emit("stderr", Buffer.from(`\n[lab] the program reached the limit of ${limits.tasks} processes and threads: new ones fail to start until some end\n`));
          this.stopTasksWatch();
        }, 1000).unref()
      : null;
  }

  private stopTasksWatch(): void {
    if (this.tasksWatch) clearInterval(this.tasksWatch);
  }

  begin(message: ToSupervisor): void {
    this.post(message);
  }

  private post(message: ToSupervisor): void {
    if (this.supervisor.connected) this.supervisor.send(message);
  }

  private receive(raw: unknown, handle: Socket | undefined): void {
    const parsed = FromSupervisor.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case "output":
        this.emit(message.stream, Buffer.from(message.data, "base64"));
        break;
      case "throttled":
        if (!this.throttleNoted) {
          this.throttleNoted = true;
          const note = `\n[lab] output is faster than ${Math.round(message.bytesPerSecond / 1024)} KiB/s: the program is held back so the page stays responsive\n`;
          this.emit("stderr", Buffer.from(note));
        }
        break;
      case "ports":
        this.ports = message.ports;
        this.emit("ports", message.ports);
        break;
      case "connected": {
        const waiter = this.connects.get(message.id);
        this.connects.delete(message.id);
        // The program's real socket, handed over by the supervisor: wrapped, not relayed.
        if (waiter && handle) waiter.resolve(new SocketConnection(handle));
        else handle?.destroy();
        break;
      }
      case "trace":
        if (handle && !this.traced) {
          this.traced = true;
          this.emit("trace", handle);
        } else handle?.destroy();
        break;
      case "connectFailed": {
        const waiter = this.connects.get(message.id);
        this.connects.delete(message.id);
        waiter?.reject(Object.assign(new Error(`connect failed: ${message.code}`), { code: message.code }));
        break;
      }
      case "exit":
        this.onExit({ code: message.code, signal: message.signal });
        break;
      case "failed":
        this.emit("stderr", Buffer.from(`[lab] ${message.message}\n`));
        break;
      case "started":
      case "ready":
        break;
    }
  }

  /** Explain an exit in words where the code alone would puzzle a student. */
  private explain(info: ExitInfo): ExitInfo {
    if (this.stopReason) return { ...info, reason: this.stopReason };
    if (this.cgroup?.outOfMemory()) return { ...info, reason: `killed: out of memory (the limit is ${Math.round(this.limits.memoryBytes / MiB)} MiB)` };
    if (info.signal === "SIGXCPU" || info.code === 128 + 24) return { ...info, reason: `killed: used more than ${this.limits.cpuSeconds} s of CPU time` };
    if (info.signal === "SIGXFSZ" || info.code === 128 + 25) return { ...info, reason: `killed: wrote a file larger than ${Math.round(this.limits.fileBytes / MiB)} MiB` };
    if (info.code !== 0 && (this.tasksHit || this.cgroup?.tasksExhausted())) return { ...info, reason: `reached the limit of ${this.limits.tasks} processes and threads` };
    if (info.code === 125) return { ...info, reason: "the sandbox could not place the program in its cgroup" };
    if (info.code === 137 || info.signal === "SIGKILL") return { ...info, reason: "killed (SIGKILL)" };
    return info;
  }

  private onExit(info: ExitInfo): void {
    if (this.exitInfo) return;
    this.stopTasksWatch();
    this.exitInfo = this.explain(info);
    this.ports = [];
    for (const waiter of this.connects.values()) waiter.reject(Object.assign(new Error("the program has exited"), { code: "ECONNREFUSED" }));
    this.connects.clear();
    void this.cleanUp().then(() => {
      this.emit("exit", this.exitInfo!);
      this.finish();
    });
  }

  /**
   * End the supervisor itself (unshare's child, init of the run's outer pid namespace), not unshare:
   * unshare then exits only once the supervisor has, and a namespace's init finishes exiting only
   * when every process in it (the run's included) has been reaped. Killing unshare first ended the
   * run while its last processes were still dying, a moment a test (or a new run on the same uid)
   * could see them. SIGTERM (the supervisor exits on it) rather than SIGKILL, which unshare would
   * try to re-raise on itself and complain about; SIGKILL to unshare if that has not worked in 2 s.
   */
  private killSupervisor(): void {
    const pid = this.supervisor.pid;
    let inner: number[] = [];
    try {
      inner = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number);
    } catch {
      // unshare is gone already
    }
    for (const child of inner) {
      try {
        process.kill(child, "SIGTERM");
      } catch {
        // gone already
      }
    }
    if (inner.length === 0) this.supervisor.kill("SIGKILL");
    else setTimeout(() => this.supervisor.kill("SIGKILL"), 2000).unref();
  }

  private async cleanUp(): Promise<void> {
    if (this.supervisor.exitCode === null && this.supervisor.signalCode === null) {
      const gone = new Promise((r) => this.supervisor.once("exit", r));
      this.killSupervisor();
      await gone;
    }
    await this.cgroup?.destroy();
    await this.release();
  }

  writeStdin(data: string | Buffer): void {
    this.post({ type: "stdin", data: Buffer.from(data).toString("base64") });
  }

  endStdin(): void {
    this.post({ type: "eof" });
  }

  connect(port: number, options: ConnectOptions = {}): Promise<Connection> {
    if (this.exitInfo) return Promise.reject(Object.assign(new Error("the program has exited"), { code: "ECONNREFUSED" }));
    let from: string | undefined;
    try {
      from = checkSourceAddress(options.from);
    } catch (error) {
      return Promise.reject(error);
    }
    const id = ++this.nextConnect;
    return new Promise((resolve, reject) => {
      this.connects.set(id, { resolve, reject });
      this.post({ type: "connect", id, port, ...(from ? { from } : {}) });
    });
  }

  async stop(reason = "stopped"): Promise<void> {
    if (!this.exitInfo) {
      this.stopReason = reason;
      // The supervisor kills the run's pid namespace and reports the exit; if it does not answer
      // in time, killing it takes bubblewrap down too (--die-with-parent), and the cgroup
      // catches anything that slipped out.
      this.post({ type: "kill" });
      const timer = setTimeout(() => this.killSupervisor(), 3000);
      void this.finished.then(() => clearTimeout(timer));
    }
    await this.finished;
  }
}
