// A Connection (types.ts) over a real TCP socket the lab holds: the namespace backend's socket
// handed over by the run's supervisor, or the process backend's own. A thin wrapper, no relay
// hop: every byte goes between the program's socket and the caller with one event in between.
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { Connection, ConnectionEvents } from "./types";

/** 127.x.y.z, neither the network nor the broadcast address: an address on every run's loopback. */
const LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Checks a `from` address; throws with a message naming what is allowed. */
export function checkSourceAddress(from: string | undefined): string | undefined {
  if (from === undefined) return undefined;
  const parts = LOOPBACK.exec(from)?.slice(1).map(Number);
  if (!parts || parts.some((n) => n > 255) || parts.every((n) => n === 0) || parts.every((n) => n === 255)) {
    throw Object.assign(new Error(`connect: source address ${JSON.stringify(from)} is not on the run's loopback: use 127.x.y.z (not 127.0.0.0 or 127.255.255.255)`), { code: "EINVAL" });
  }
  return from;
}

export class SocketConnection extends EventEmitter<ConnectionEvents> implements Connection {
  private closeError: string | null = null;
  private reading = false;
  private held = false;
  // Kept: a closed socket forgets them.
  readonly localAddress: string;
  readonly localPort: number;

  constructor(private readonly socket: Socket) {
    super();
    this.localAddress = socket.localAddress ?? "127.0.0.1";
    this.localPort = socket.localPort ?? 0;
    // Keystrokes and chat lines are small writes that should leave at once (no Nagle delay).
    socket.setNoDelay(true);
    socket.on("end", () => this.emit("end"));
    socket.on("drain", () => this.emit("drain"));
    socket.on("error", (error: NodeJS.ErrnoException) => (this.closeError ??= error.code ?? "EIO"));
    socket.once("close", () => this.emit("close", this.closeError));
    // The socket starts reading only when someone listens for data, so nothing is lost before.
    (this as EventEmitter).on("newListener", (event: string | symbol) => {
      if (event !== "data" || this.reading) return;
      this.reading = true;
      socket.on("data", (chunk: Buffer) => this.emit("data", chunk));
      if (this.held) socket.pause();
    });
  }

  get open(): boolean {
    return !this.socket.destroyed;
  }

  get paused(): boolean {
    return this.held;
  }

  write(data: Buffer | string): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return false;
    return this.socket.write(data);
  }

  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  reset(): void {
    if (!this.socket.destroyed) this.socket.resetAndDestroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  pause(): void {
    this.held = true;
    this.socket.pause();
  }

  resume(): void {
    this.held = false;
    if (this.reading) this.socket.resume();
  }
}
