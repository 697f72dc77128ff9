// For each stage, the traced events match what the clients did: who connected, what they said and
// who it reached, who left. Real sandbox, real TCP, the stage programs unchanged.
import { describe, expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { stageSource as stageProgram } from "../../server/stages/catalogue";
import type { LineClient } from "../support/line-client";
import { connect, ofKind, seen, startTraced } from "./helpers";

/** The line of a stage's program that holds this text (events name the student's line). */
const lineOf = (stage: number, text: string) => stageProgram(stage).split("\n").findIndex((l) => l.includes(text)) + 1;

const sandbox = sandboxForFile();

describe("the trace of each stage matches what its clients did", () => {
  it("stage 0 reads lines from the keyboard and prints them", async () => {
    const traced = await startTraced(sandbox, 0);
    traced.run.writeStdin("hello\n\n");
    await seen(traced.trace, "exit");
    const inputs = ofKind(traced.trace.events(), "input");
    expect(inputs.map((e) => e.preview)).toEqual(["hello", ""]);
    expect(ofKind(traced.trace.events(), "print").map((e) => e.preview)).toEqual(["Connected", "hello", "Disconnected"]);
    expect(traced.trace.status.state).not.toBe("lost");
    await traced.stop();
  });

  it("stage 1 accepts one client, receives its line and sends it back, then ends", async () => {
    const traced = await startTraced(sandbox, 1);
    await traced.listening();
    const client = await connect(traced.run);
    client.typeLine("echo me");
    await client.waitText("echo me\r\n");
    client.end();
    await seen(traced.trace, "exit");
    const events = traced.trace.events();
    const [accept] = ofKind(events, "accept");
    expect(accept.peerPort).toBe(client.localPort);
    expect(ofKind(events, "listen")[0]).toMatchObject({ port: 8888, line: lineOf(1, "s.listen(") });
    const recv = ofKind(events, "recv");
    expect(recv[0]).toMatchObject({ conn: accept.conn, preview: "echo me\r\n", bytes: 9, line: lineOf(1, ".recv(1024)") });
    expect(recv.at(-1)).toMatchObject({ conn: accept.conn, bytes: 0 });
    expect(ofKind(events, "send")[0]).toMatchObject({ conn: accept.conn, op: "sendall", preview: "echo me\r\n" });
    expect(ofKind(events, "close")[0].conn).toBe(accept.conn);
    await traced.stop();
  });

  it("stage 2 serves a second client after the first leaves, on the main thread", async () => {
    const traced = await startTraced(sandbox, 2);
    await traced.listening();
    for (const word of ["first", "second"]) {
      const client = await connect(traced.run);
      client.typeLine(word);
      await client.waitText(word);
      client.end();
      await seen(traced.trace, "close", (e) => ofKind(traced.trace.events(), "accept").some((a) => a.conn === e.conn && a.peerPort === client.localPort));
    }
    const events = traced.trace.events();
    expect(ofKind(events, "accept")).toHaveLength(2);
    expect(ofKind(events, "recv").filter((e) => e.bytes > 0).map((e) => e.preview)).toEqual(["first\r\n", "second\r\n"]);
    expect(new Set(events.filter((e) => e.thread >= 0).map((e) => e.thread))).toEqual(new Set([0]));
    await traced.stop();
  });

  it("stage 3 gives each client a thread of its own, each echoed", async () => {
    const traced = await startTraced(sandbox, 3);
    await traced.listening();
    const [a, b] = [await connect(traced.run), await connect(traced.run)];
    a.typeLine("from a");
    b.typeLine("from b");
    await a.waitText("from a");
    await b.waitText("from b");
    // The echo reached the clients; the trace of it arrives a moment later.
    await seen(traced.trace, "send", (e) => e.preview.startsWith("from a"));
    await seen(traced.trace, "send", (e) => e.preview.startsWith("from b"));
    const starts = ofKind(traced.trace.events(), "thread.start");
    expect(starts).toHaveLength(2);
    const threadOf = (preview: string) => ofKind(traced.trace.events(), "recv").find((e) => e.preview.startsWith(preview))!.thread;
    expect(threadOf("from a")).not.toBe(threadOf("from b"));
    expect(starts.map((s) => s.thread).sort()).toEqual([threadOf("from a"), threadOf("from b")].sort());
    await traced.stop();
  });

  it("stage 4: a line goes to the others through the shared list, and leaving takes a client off it", async () => {
    const traced = await startTraced(sandbox, 4);
    await traced.listening();
    const clients = [await connect(traced.run), await connect(traced.run), await connect(traced.run)];
    await seen(traced.trace, "list.change", (e) => e.items.length === 3);
    clients[0].typeLine("hi all");
    await clients[1].waitText("hi all");
    await clients[2].waitText("hi all");
    const accepts = ofKind(traced.trace.events(), "accept");
    const connOf = (c: LineClient) => accepts.find((a) => a.peerPort === c.localPort)!.conn;
    const recv = await seen(traced.trace, "recv", (e) => e.preview === "hi all\r\n");
    expect(recv.conn).toBe(connOf(clients[0]));
    await seen(traced.trace, "send", (e) => e.conn === connOf(clients[2]));
    const sends = ofKind(traced.trace.events(), "send").filter((e) => e.preview === "hi all\r\n");
    expect(sends.map((s) => s.conn).sort()).toEqual([connOf(clients[1]), connOf(clients[2])].sort());
    expect(sends.every((s) => s.thread === recv.thread && s.via !== undefined && s.holding.length === 0)).toBe(true);
    clients[1].end();
    const removed = await seen(traced.trace, "list.change", (e) => e.op === "remove");
    expect(removed).toMatchObject({ name: "CLIENTS", item: connOf(clients[1]), holding: [] });
    expect(removed.items.sort()).toEqual([connOf(clients[0]), connOf(clients[2])].sort());
    // The tracer turns its profile function off once the list reports itself: not the program's doing.
    expect(ofKind(traced.trace.events(), "tracer.note")).toEqual([]);
    await traced.stop();
  });

  it("stage 5 changes and walks the list holding its one lock", async () => {
    const traced = await startTraced(sandbox, 5);
    await traced.listening();
    const [a, b] = [await connect(traced.run), await connect(traced.run)];
    await seen(traced.trace, "list.change", (e) => e.items.length === 2);
    a.typeLine("locked");
    await b.waitText("locked");
    const send = await seen(traced.trace, "send", (e) => e.preview === "locked\r\n");
    const events = traced.trace.events();
    const locks = new Set(ofKind(events, "lock.acquire").map((e) => e.lock));
    expect(locks.size).toBe(1);
    expect(ofKind(events, "lock.acquire")[0].name).toBe("LOCK");
    expect(send.holding).toEqual([...locks]);
    expect(ofKind(events, "list.change").every((e) => e.holding.length === 1)).toBe(true);
    await traced.stop();
  });
});

it("a sendall that waits for a client that stops reading leaves no event unsent, and sends every byte", async () => {
  // The tracer sends its events where a thread would wait: here the recv before the sendall must
  // be seen while sendall waits (for as long as the client does not read).
  const size = 8 * 1024 * 1024;
  const source = ["import socket", "s = socket.socket(); s.bind(('', 8888)); s.listen(1)", "c, _ = s.accept()", "line = c.recv(1024)", `c.sendall(line[:1] * ${size})`, "c.recv(1024)"].join("\n");
  const traced = await startTraced(sandbox, source);
  await traced.listening();
  const client = await connect(traced.run);
  let notY = 0;
  client.onData = (d) => (notY += d.filter((byte) => byte !== 0x79).length);
  client.pause();
  client.typeLine("y");
  await seen(traced.trace, "recv", (e) => e.preview === "y\r\n");
  expect(ofKind(traced.trace.events(), "send")).toEqual([]);
  client.resume();
  const send = await seen(traced.trace, "send");
  expect(send).toMatchObject({ op: "sendall", bytes: size });
  await client.waitText("y".repeat(64));
  await client.until(() => client.receivedBytes >= size, `all ${size} bytes`, 15_000);
  expect(client.receivedBytes).toBe(size);
  expect(notY).toBe(0);
  await traced.stop();
});
