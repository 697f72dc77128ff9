// A terminal whose page reloads keeps its TCP connection: the program (chatserver4, which prints
// "Connected" and "Disconnected" for each client) sees no client leave and join again, and the
// reloaded page gets what was said meanwhile. Bounded: a few terminals per session, for a while.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LabClient } from "../support/lab-client";
import type { Terminal } from "../support/terminal";
import { startTestLab, type TestLab } from "../support/lab-server";

/** What a browser's WebSocket sends when its page goes away (a reload): 1001, "going away". */
const GOING_AWAY = 1001;

let kept: TestLab;
let brief: TestLab;
beforeAll(async () => {
  // One kept terminal per session, kept long; and one lab that keeps them only briefly.
  [kept, brief] = await Promise.all([
    startTestLab({ keptTerminals: { perSession: 1, keepMs: 120_000 } }),
    startTestLab({ keptTerminals: { perSession: 4, keepMs: 1500 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([kept?.close(), brief?.close()]);
});

const newId = () => randomBytes(16).toString("hex");
// Counted as words, not as lines: chatserver4's threads print at once, and print() writes its
// parts separately, so two joins can come out as "ConnectedConnected (…)\n (…)\n".
const count = (text: string, word: string) => text.split(word).length - 1;

async function chatserver4(lab: TestLab): Promise<{ client: LabClient; runId: string; lines: (word: string, n: number) => Promise<void> }> {
  const client = await LabClient.connect(lab.base);
  const runId = await client.startStage(4);
  await client.waitListening(runId);
  // The program's console: how many clients joined ("Connected") and left ("Disconnected") so far.
  const lines = (word: string, n: number) =>
    client.waitFor(() => count(client.output(runId), word) === n || undefined, 20_000, `${n} × ${word}`).then(() => undefined);
  return { client, runId, lines };
}

async function connected(t: Terminal): Promise<Terminal> {
  await t.waitStatus("connected", 15_000);
  return t;
}

function goAway(t: Terminal): Promise<void> {
  t.ws.close(GOING_AWAY);
  return t.until(() => t.closed, "the socket closed", 10_000);
}

it("a page that reloads takes its terminal back by its id: same connection, what was said meanwhile, no leave and rejoin", async () => {
  const { client, runId, lines } = await chatserver4(kept);
  const id = newId();
  const reloading = await connected(await client.terminal(runId, 8888, id));
  const other = await connected(await client.terminal(runId));
  await lines("Connected", 2);

  await goAway(reloading);
  other.typeLine("said while the page reloaded");
  // chatserver4 sends it to the kept connection (nobody reads it yet); the other gets no echo.
  const back = await client.terminal(runId, 8888, id);
  await back.until(() => back.statuses.some((s) => s.status === "connected" && s.resumed === true), "connected again, resumed", 15_000);
  await back.waitText("said while the page reloaded", 15_000);
  back.typeLine("back after the reload");
  await other.waitText("back after the reload", 15_000);
  expect(count(client.output(runId), "Connected")).toBe(2);
  expect(count(client.output(runId), "Disconnected")).toBe(0);

  // Closed on purpose (Close, quit: a normal close), the connection ends: the program sees it leave.
  back.ws.close(1000);
  await lines("Disconnected", 1);
  // Nothing is kept under that id any more: the same id opens a new connection.
  const again = await connected(await client.terminal(runId, 8888, id));
  expect(again.statuses.some((s) => s.resumed)).toBe(false);
  client.close();
});

it("what a kept terminal is sent while no page reads it is bounded: the newest 64 KiB come back, and the page is told the rest was dropped", async () => {
  const { client, runId, lines } = await chatserver4(kept);
  const id = newId();
  const away = await connected(await client.terminal(runId, 8888, id));
  const other = await connected(await client.terminal(runId));
  // chatserver4 sends to its clients in the order they joined: once the witness has a line, the
  // kept terminal was sent it first.
  const witness = await connected(await client.terminal(runId));
  await lines("Connected", 3);
  await goAway(away);
  // 100 lines of 1000 characters, then one the page must see last.
  for (let i = 0; i < 100; i++) other.typeLine(`${String(i).padStart(3, "0")}${"x".repeat(997)}`);
  other.typeLine("the newest line");
  await witness.waitText("the newest line", 20_000);
  const back = await client.terminal(runId, 8888, id);
  await back.waitText("the newest line", 15_000);
  expect(back.statuses.find((s) => s.status === "connected")?.message).toMatch(/\d+ earlier bytes of output were dropped/);
  expect(back.text).not.toContain(`000${"x".repeat(997)}`);
  client.close();
});

it("only so many terminals per session are kept; the others end as before", async () => {
  const { client, runId, lines } = await chatserver4(kept);
  const [a, b] = [newId(), newId()];
  const ta = await connected(await client.terminal(runId, 8888, a));
  const tb = await connected(await client.terminal(runId, 8888, b));
  await lines("Connected", 2);
  await goAway(ta);
  await goAway(tb);
  // One kept (the limit is one), the other ended: the program sees exactly one client leave.
  await lines("Disconnected", 1);
  const [backA, backB] = [await client.terminal(runId, 8888, a), await client.terminal(runId, 8888, b)];
  await Promise.all([connected(backA), connected(backB)]);
  expect([backA, backB].filter((t) => t.statuses.some((s) => s.resumed)).length).toBe(1);
  client.close();
});

it("a kept terminal nobody takes back ends after the time allowed, and its id then opens a new connection", async () => {
  const { client, runId, lines } = await chatserver4(brief);
  const id = newId();
  const t = await connected(await client.terminal(runId, 8888, id));
  await lines("Connected", 1);
  await goAway(t);
  await lines("Disconnected", 1);
  const again = await connected(await client.terminal(runId, 8888, id));
  expect(again.statuses.some((s) => s.resumed)).toBe(false);
  await lines("Connected", 2);
  client.close();
});

it("a terminal id the lab would not make is refused", async () => {
  const client = await LabClient.connect(kept.base);
  const runId = await client.startStage(4);
  await expect(client.terminal(runId, 8888, "short")).rejects.toThrow(/400/);
  client.close();
});
