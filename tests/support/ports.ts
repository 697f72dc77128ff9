// Loopback ports for programs a test or a benchmark starts outside the lab: one that is free, and
// the moment something accepts on it.
import net from "node:net";
import { sleep } from "./stats";

/** A port nobody listens on right now (on any address, as a program binding '' needs): bind port 0, read the number, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "0.0.0.0" }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolve once 127.0.0.1:port accepts a connection (polling every `everyMs`). */
export async function waitAccepts(port: number, timeoutMs = 10_000, everyMs = 1): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: "127.0.0.1" });
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing accepted on port ${port} within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
