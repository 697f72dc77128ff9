// The test support's one line client, against real sockets on loopback: it keeps a bounded tail of
// what a flooding server sends, and a terminal's status lines fail a wait with the lab's words.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { LineClient } from "./line-client";
import { Terminal } from "./terminal";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function tcpServer(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

describe("line client", () => {
  it("keeps only the newest bytes of a flood, and counts them all", async () => {
    const block = Buffer.alloc(64 * 1024);
    for (let i = 0; i < block.length; i++) block[i] = i % 251;
    // 4 MiB, then a last line: far past what the client keeps.
    const port = await tcpServer((s) => {
      for (let i = 0; i < 64; i++) s.write(block);
      s.end("the end\r\n");
    });
    const client = await LineClient.tcp(port, { keep: 100 * 1024 });
    await client.waitClosed(10_000);
    expect(client.receivedBytes).toBe(64 * block.length + 9);
    expect(client.received.length).toBe(100 * 1024);
    expect(client.text.endsWith("the end\r\n")).toBe(true);
    expect(client.received.subarray(-9 - 1000, -9)).toEqual(block.subarray(-1000));
  });

  it("types lines with CR LF, waits for text, hears silence, and leaves politely", async () => {
    let ended = false;
    const port = await tcpServer((s) => {
      s.on("data", (d) => s.write(d.toString().toUpperCase()));
      s.on("end", () => {
        ended = true;
        s.end();
      });
    });
    const client = await LineClient.tcp(port);
    client.typeLine("hello");
    await client.waitText("HELLO\r\n");
    await client.quietFor(100);
    await expect(client.waitText("never sent", 200)).rejects.toThrow(/timed out after 200 ms waiting for "never sent"; received 7 bytes, ending "HELLO\\r\\n"/);
    await client.leave();
    expect(ended).toBe(true);
    expect(client.closed).toBe(true);
  });

  it("a terminal waiting for 'connected' fails at once with the lab's words when refused", async () => {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    closers.push(() => wss.close());
    await new Promise<void>((r) => wss.once("listening", r));
    wss.on("connection", (ws) => {
      ws.send(JSON.stringify({ type: "status", status: "connecting", message: "Trying 127.0.0.1 port 8888..." }));
      ws.send(JSON.stringify({ type: "status", status: "refused", message: "Connection refused" }));
      ws.close();
    });
    const base = `http://127.0.0.1:${(wss.address() as net.AddressInfo).port}`;
    const t0 = Date.now();
    await expect(Terminal.toRun({ base, cookie: "" }, "r1", 8888, { connectedWithin: 20_000 })).rejects.toThrow("terminal: refused: Connection refused");
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
