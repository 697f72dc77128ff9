// The runner interface as its callers use it, on both backends: connections with a chosen source
// address, flow control and the three ways a connection ends, and start intents carried out
// inside the program without changing how it looks to itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { createSandbox } from "./index";
import { LineClient } from "../../tests/support/line-client";
import { listening } from "../../tests/support/sandbox-runs";
import type { Connection, Sandbox, SandboxRun } from "./types";

// Prints each client's address, echoes what it sends, closes on "bye", says when a client reset
// the connection, and sends 4 MiB on "flood" (more than the socket buffers hold, for flow control).
const SERVER = `
import socket, sys, threading
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 8888))
s.listen(8)
print('argv', sys.argv[0].rsplit('/', 1)[-1], 'switch', round(sys.getswitchinterval() * 1e6), 'µs', flush=True)
def serve(c, addr):
    c.sendall(('peer %s %d\\n' % addr).encode())
    while True:
        try:
            data = c.recv(1024)
        except ConnectionResetError:
            print('reset by', addr[0], flush=True)
            break
        if not data:
            break
        if data.startswith(b'bye'):
            break
        if data.startswith(b'flood'):
            c.sendall(b'x' * (4 << 20))
            continue
        c.sendall(data)
    c.close()
while True:
    c, addr = s.accept()
    threading.Thread(target=serve, args=(c, addr), daemon=True).start()
`;

const closed = (connection: Connection) => new Promise<string | null>((resolve) => connection.once("close", resolve));

describe.each(["strong", "weak"] as const)("the %s backend", (want) => {
  let sandbox: Sandbox;
  let run: SandboxRun;
  let stdout = "";
  beforeAll(async () => {
    sandbox = (await createSandbox(readConfig().limits, want)).sandbox;
    run = await sandbox.start({ source: SERVER, fileName: "peer.py", threadSwitchInterval: 1e-5 });
    run.on("stdout", (d) => (stdout += d.toString()));
    await listening(run);
  });
  afterAll(async () => {
    await run?.stop();
    await sandbox?.close();
  });

  it("describes its isolation instead of naming a backend", () => {
    expect(sandbox.isolation.isolated).toBe(want === "strong");
    expect(sandbox.isolation.description.length).toBeGreaterThan(10);
  });

  it("runs the program as its own file, with the thread switch interval asked for", async () => {
    for (let i = 0; i < 50 && !stdout.includes("\n"); i++) await new Promise((r) => setTimeout(r, 20));
    expect(stdout).toContain("argv peer.py switch 10 µs");
  });

  it("connects from the source address asked for, each connection its own", async () => {
    const a = await run.connect(8888, { from: "127.0.3.7" });
    const b = await run.connect(8888, { from: "127.0.9.200" });
    const c = await run.connect(8888);
    const [ra, rb, rc] = [LineClient.over(a), LineClient.over(b), LineClient.over(c)];
    // The program's accept() sees each at the address and port the Connection says it comes from.
    expect([a.localAddress, b.localAddress, c.localAddress]).toEqual(["127.0.3.7", "127.0.9.200", "127.0.0.1"]);
    await Promise.all([ra.waitText(`peer 127.0.3.7 ${a.localPort}\n`), rb.waitText(`peer 127.0.9.200 ${b.localPort}\n`), rc.waitText(`peer 127.0.0.1 ${c.localPort}\n`)]);
    [a, b, c].forEach((x) => x.destroy());
  });

  it("refuses a source address off the run's loopback, saying what is allowed", async () => {
    await expect(run.connect(8888, { from: "10.0.0.1" })).rejects.toThrow(/127\.x\.y\.z/);
    await expect(run.connect(8888, { from: "127.0.0.0" })).rejects.toThrow(/not on the run's loopback/);
  });

  it("loses nothing sent before a data listener is attached", async () => {
    const connection = await run.connect(8888, { from: "127.0.0.2" });
    await new Promise((r) => setTimeout(r, 200));
    const r = LineClient.over(connection);
    await r.waitText(`peer 127.0.0.2 ${connection.localPort}\n`);
    connection.destroy();
  });

  it("holds a flood back while paused and delivers all of it after resume", async () => {
    const connection = await run.connect(8888);
    const r = LineClient.over(connection, { keep: 8 << 20 });
    await r.waitText("peer");
    connection.pause();
    expect(connection.paused).toBe(true);
    connection.write("flood\r\n");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whilePaused = r.receivedBytes;
    expect(whilePaused).toBeLessThan(4 << 20);
    connection.resume();
    await r.waitText("x".repeat(16));
    for (let i = 0; i < 250 && r.receivedBytes < whilePaused + (4 << 20) - 1024; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.text.split("x").length - 1).toBe(4 << 20);
    connection.destroy();
  });

  it("ends politely when the program closes, and resets when asked", async () => {
    const polite = await run.connect(8888);
    LineClient.over(polite);
    const ended = new Promise<void>((resolve) => polite.once("end", resolve));
    const politeClosed = closed(polite);
    polite.write("bye\r\n");
    await ended;
    expect(await politeClosed).toBeNull();
    expect(polite.open).toBe(false);

    const rude = await run.connect(8888, { from: "127.0.0.66" });
    await LineClient.over(rude).waitText("peer");
    const rudeClosed = closed(rude);
    rude.reset();
    expect(await rudeClosed).toBeNull();
    for (let i = 0; i < 100 && !stdout.includes("reset by 127.0.0.66"); i++) await new Promise((r) => setTimeout(r, 20));
    expect(stdout).toContain("reset by 127.0.0.66");
  });

  it("refuses a port nothing listens on with ECONNREFUSED", async () => {
    await expect(run.connect(9999)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
