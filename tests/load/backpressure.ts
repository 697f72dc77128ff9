// Flow control end to end, through a lab server in its own process (so its memory can be read on its
// own): a program that writes faster than a terminal reads, a terminal that pastes more than a
// program reads, and a program that prints faster than a page reads. Shared by
// backpressure.test.ts (asserts) and the benchmark (reports).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseServerFrame } from "../../shared/protocol";
import { PageClient } from "../support/clients";
import type { Terminal } from "../support/terminal";
import type { LabProcess } from "../support/lab-child-process";
import { rssOf, watchRss } from "../support/procs";
import { sleep, summarize, type Summary } from "../support/stats";

export const FLOOD_SOURCE = readFileSync(join(import.meta.dirname, "flood_server.py"), "utf8");
const BLOCK = Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 131 + 7) & 255));
const MiB = 1024 * 1024;

export interface FlowResult {
  bytes: number;
  seconds: number;
  /** The bytes arrived complete and unchanged (SHA-256 compared). */
  intact: boolean;
  /** Lab server RSS before, and its highest value while the bytes moved. */
  rssBefore: number;
  rssMax: number;
  /** Round trips of a second terminal on the same run meanwhile (ping → pong), ms. */
  otherTerminalMs: Summary;
}

/** Ping through another terminal every 100 ms until stopped: is the lab still responsive? */
function pinger(t: Terminal): { stop: () => Promise<number[]> } {
  let running = true;
  const times: number[] = [];
  let text = "";
  let wake: (() => void) | null = null;
  t.onData = (d) => {
    text += d.toString();
    wake?.();
  };
  const loop = (async () => {
    while (running) {
      text = "";
      const t0 = performance.now();
      t.send("ping\n");
      const deadline = Date.now() + 30_000;
      while (!text.includes("pong\n") && Date.now() < deadline) await new Promise<void>((r) => ((wake = r), setTimeout(r, 100)));
      if (text.includes("pong\n")) times.push(performance.now() - t0);
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return times;
    },
  };
}

export async function startFloodRun(lab: LabProcess): Promise<{ page: PageClient; runId: string }> {
  const page = await PageClient.open(lab.base);
  const s = await page.start("backpressure", { kind: "source", name: "flood_server.py", source: FLOOD_SOURCE, stage: 3 });
  if (!s.ok) throw new Error(`the flood server did not start: ${s.code} ${s.message}`);
  return { page, runId: s.runId };
}

/**
 * The program writes `bytes` as fast as it can; the terminal reads nothing for `stallMs` (a busy
 * tab), then about `readMiBps` (a browser drawing slowly): the ws client is paused and let read in
 * short bursts. Without flow control the lab would read the program's output into its own memory.
 */
export async function floodSlowReader(lab: LabProcess, page: PageClient, runId: string, bytes: number, readMiBps: number, stallMs = 0): Promise<FlowResult> {
  const reader = await page.terminal(runId);
  const other = await page.terminal(runId);
  const ping = pinger(other);
  await sleep(300);
  const rssBefore = rssOf(lab.pid);
  const rss = watchRss(lab.pid);
  const expected = createHash("sha256");
  for (let left = bytes; left > 0; left -= BLOCK.length) expected.update(BLOCK.subarray(0, Math.min(left, BLOCK.length)));
  const got = createHash("sha256");
  let received = 0;
  let tail = "";
  let quota = 0;
  reader.onData = (d) => {
    const body = Math.max(0, Math.min(d.length, bytes - received));
    got.update(d.subarray(0, body));
    if (body < d.length) tail += d.subarray(body).toString();
    received += body;
    quota -= d.length;
    if (quota <= 0) reader.ws.pause();
  };
  const t0 = performance.now();
  reader.ws.pause();
  reader.send(`flood ${bytes}\n`);
  await sleep(stallMs);
  const burstMs = 20;
  const deadline = Date.now() + 120_000;
  while (!tail.includes("END\n") && Date.now() < deadline) {
    quota = (readMiBps * MiB * burstMs) / 1000;
    reader.ws.resume();
    await sleep(burstMs);
  }
  const seconds = (performance.now() - t0) / 1000;
  const rssMax = rss.stop();
  const times = await ping.stop();
  const intact = received === bytes && tail === "\nEND\n" && got.digest("hex") === expected.digest("hex");
  await reader.close();
  await other.close();
  return { bytes, seconds, intact, rssBefore, rssMax, otherTerminalMs: summarize(times) };
}

/**
 * The terminal pastes `bytes` at once (64 KiB frames, as the page splits a paste; the "browser"
 * queues them); the program reads 64 KiB at a time with `pauseSec` between, and answers with the
 * SHA-256 of what it read. With `stall`, the program reads nothing until the paste has stopped
 * moving (the page's queue no longer shrinks for a second): a lab without flow control would by
 * then hold all of it that the kernel's buffers do not.
 */
export async function pasteSlowProgram(lab: LabProcess, page: PageClient, runId: string, bytes: number, pauseSec: number, stall = false): Promise<FlowResult> {
  const writer = await page.terminal(runId);
  const other = await page.terminal(runId);
  const starter = stall ? await page.terminal(runId) : null;
  const ping = pinger(other);
  await sleep(300);
  const rssBefore = rssOf(lab.pid);
  const rss = watchRss(lab.pid);
  let answer = "";
  writer.onData = (d) => (answer += d.toString());
  const sent = createHash("sha256");
  const t0 = performance.now();
  writer.send(`slurp ${bytes} ${pauseSec}${stall ? " wait" : ""}\n`);
  for (let off = 0; off < bytes; off += BLOCK.length) {
    // A pattern that differs per block, so a lost, repeated or reordered block changes the hash.
    const block = Buffer.from(BLOCK.subarray(0, Math.min(BLOCK.length, bytes - off)));
    block.writeUInt32LE(off >>> 0, 0);
    sent.update(block);
    writer.send(block);
  }
  if (starter) {
    let last = writer.ws.bufferedAmount;
    let still = 0;
    for (let i = 0; i < 300 && writer.ws.bufferedAmount > 0 && still < 10; i++) {
      await sleep(100);
      still = writer.ws.bufferedAmount === last ? still + 1 : 0;
      last = writer.ws.bufferedAmount;
    }
    starter.send("go\n");
  }
  const deadline = Date.now() + 120_000;
  while (!answer.includes("\n") && Date.now() < deadline && !writer.closed) await sleep(20);
  const seconds = (performance.now() - t0) / 1000;
  const rssMax = rss.stop();
  const times = await ping.stop();
  const intact = answer.trim() === `got ${bytes} ${sent.digest("hex")}`;
  await writer.close();
  await other.close();
  await starter?.close();
  return { bytes, seconds, intact, rssBefore, rssMax, otherTerminalMs: summarize(times) };
}

export interface SlowPageResult {
  bytes: number;
  /** Standard output bytes the page that reads received (all of them, when nothing was lost). */
  fastPageReceived: number;
  /** The page that did not read was closed by the lab. */
  slowPageClosed: boolean;
  slowPageCloseCode: number | null;
  rssBefore: number;
  rssMax: number;
}

/**
 * The program prints `bytes` to standard output; one page of the session reads it, another does not
 * read at all. The lab may hold only so much for the one that does not read.
 */
export async function printToSlowPage(lab: LabProcess, bytes: number): Promise<SlowPageResult> {
  const { page: fast, runId } = await startFloodRun(lab);
  const slow = await PageClient.open(lab.base, fast.cookie);
  await sleep(300);
  slow.ws.pause(); // this page reads nothing from now on
  let slowCloseCode: number | null = null;
  slow.ws.on("close", (code) => (slowCloseCode = code));
  let received = 0;
  fast.ws.on("message", (data: Buffer, isBinary) => {
    const m = parseServerFrame(isBinary ? new Uint8Array(data) : data.toString());
    if (m.ok && m.value.type === "run.output" && m.value.runId === runId && m.value.stream === "stdout") received += m.value.data.length;
  });
  const t = await fast.terminal(runId);
  let answer = "";
  t.onData = (d) => (answer += d.toString());
  await sleep(300);
  const rssBefore = rssOf(lab.pid);
  const rss = watchRss(lab.pid);
  t.send(`print ${bytes}\n`);
  const lines = Math.ceil(bytes / 100);
  const deadline = Date.now() + 120_000;
  while (received < lines * 100 && Date.now() < deadline) await sleep(50);
  const rssMax = rss.stop();
  // Let the page that did not read see what the lab did with it.
  slow.ws.resume();
  for (let i = 0; i < 100 && slowCloseCode === null; i++) await sleep(50);
  await t.close();
  await fast.stop(runId);
  fast.close();
  slow.ws.terminate();
  return { bytes: lines * 100, fastPageReceived: received, slowPageClosed: slowCloseCode !== null, slowPageCloseCode: slowCloseCode, rssBefore, rssMax };
}
