// Real tests of the workbook's content: each stage program runs under python3 -u and is talked
// to with real TCP sockets, as a student would with the lab's terminals; and every exercise file
// is checked to parse and to name programs that exist.
//
// The programs hardcode port 8888 (as the tutorial does). Each test copies the program to a temp
// directory with 8888 replaced by a free port, so tests never collide with each other or with a
// lab running on the same machine.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";
import { afterEach, describe, expect, it } from "vitest";
import { LineClient } from "../support/line-client";
import { freePort } from "../support/ports";
import { waitUntil } from "../support/wait";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PROGRAMS = path.join(ROOT, "content", "programs");
const EXERCISES = path.join(ROOT, "content", "exercises");
const PYTHON = process.env.PYTHON ?? "python3";

/** How long any single wait may take before the test fails. */
const WAIT_MS = 5_000;
/** How long we listen to be sure that nothing arrives. */
const QUIET_MS = 700;
const TEST_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- everything a test starts, so afterEach can end it ----

const children: ChildProcess[] = [];
const openClients: LineClient[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const client of openClients.splice(0)) client.reset();
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

// ---- a running stage program ----

class Program {
  stdout = "";
  stderr = "";
  exitCode: number | null = null;
  exited = false;

  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.setEncoding("utf8");
    child.stderr?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => (this.stdout += text));
    child.stderr?.on("data", (text: string) => (this.stderr += text));
    // "close", not "exit": by then the program's output has been read to its end.
    child.on("close", (code) => {
      this.exitCode = code;
      this.exited = true;
    });
  }

  /** What a student would see in the console: both streams. */
  get console(): string {
    return `--- stdout ---\n${this.stdout}--- stderr ---\n${this.stderr}`;
  }

  /** "Connected ('127.0.0.1', 51234)" lines printed so far ("Disconnected" has a small c). */
  get connectedCount(): number {
    return this.stdout.match(/Connected/g)?.length ?? 0;
  }

  type(text: string): void {
    this.child.stdin?.write(text);
  }

  async waitForOutput(text: string): Promise<void> {
    await waitUntil(
      () => this.stdout.includes(text),
      () => `${JSON.stringify(text)} on the console\n${this.console}`,
    );
  }

  async waitForStderr(pattern: RegExp, count = 1): Promise<void> {
    const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
    const global = new RegExp(pattern.source, flags);
    await waitUntil(
      () => (this.stderr.match(global)?.length ?? 0) >= count,
      () => `${count} x ${pattern} on stderr\n${this.console}`,
    );
  }

  async waitForConnected(count: number): Promise<void> {
    await waitUntil(
      () => this.connectedCount >= count,
      () => `${count} "Connected" lines\n${this.console}`,
    );
  }

  async waitForExit(): Promise<number | null> {
    await waitUntil(() => this.exited, () => `the program to exit\n${this.console}`);
    return this.exitCode;
  }

  /** Connect like a terminal would; retry while python is still starting up. */
  async connect(): Promise<LineClient> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      try {
        const client = await LineClient.tcp(this.port);
        openClients.push(client);
        return client;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ECONNREFUSED" || this.exited || Date.now() > deadline) {
          throw new Error(`could not connect to port ${this.port}: ${String(error)}\n${this.console}`);
        }
        await sleep(25);
      }
    }
  }
}

async function startStage(stage: number): Promise<Program> {
  const port = await freePort();
  const name = `chatserver${stage}.py`;
  const source = readFileSync(path.join(PROGRAMS, name), "utf8");
  if (stage > 0) expect(source).toContain("8888");
  const dir = await mkdtemp(path.join(os.tmpdir(), "chat-lab-test-"));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  await writeFile(file, source.replaceAll("8888", String(port)));
  const child = spawn(PYTHON, ["-u", file], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  return new Program(child, port);
}

// ---- stage programs ----

describe("stage programs", () => {
  it("stage 0 prints typed lines and a blank line ends it", { timeout: TEST_MS }, async () => {
    const program = await startStage(0);
    await program.waitForOutput("Connected\n");
    program.type("hello\n");
    await program.waitForOutput("hello\n");
    program.type("world\n");
    await program.waitForOutput("world\n");
    program.type("\n");
    program.type("not read\n");
    expect(await program.waitForExit()).toBe(0);
    expect(program.stdout).toBe("Connected\nhello\nworld\nDisconnected\n");
    expect(program.stderr).toBe("");
  });

  it("stage 0 treats the end of input like a blank line", { timeout: TEST_MS }, async () => {
    const program = await startStage(0);
    program.type("only line\n");
    program.child.stdin?.end();
    expect(await program.waitForExit()).toBe(0);
    expect(program.stdout).toBe("Connected\nonly line\nDisconnected\n");
    expect(program.stderr).toBe("");
  });

  it("stage 1 echoes and exits when its client leaves", { timeout: TEST_MS }, async () => {
    const program = await startStage(1);
    const client = await program.connect();
    client.typeLine("hello");
    await client.waitText("hello\r\n");
    // The echo comes over TCP and the console over a pipe: either may be read first.
    await program.waitForConnected(1);
    expect(program.stdout).toMatch(/^Connected \('127\.0\.0\.1', \d+\)\n/);
    await client.leave();
    expect(await program.waitForExit()).toBe(0);
    expect(program.stdout).toMatch(/Disconnected \('127\.0\.0\.1', \d+\)\n$/);
    expect(program.stderr).toBe("");
  });

  it("stage 1 does not close the connection on a blank line (telnet sends CR LF)", { timeout: TEST_MS }, async () => {
    const program = await startStage(1);
    const client = await program.connect();
    client.typeLine("");
    client.typeLine("still here");
    await client.waitText("\r\nstill here\r\n");
    expect(client.text).toBe("\r\nstill here\r\n");
    expect(client.closed).toBe(false);
    expect(program.exited).toBe(false);
  });

  it("stage 1 gives a second client no echo while the first is connected", { timeout: TEST_MS }, async () => {
    const program = await startStage(1);
    const first = await program.connect();
    first.typeLine("first");
    await first.waitText("first\r\n");
    // The connection itself succeeds: the kernel queues it (listen backlog) ...
    const second = await program.connect();
    second.typeLine("second");
    await sleep(QUIET_MS);
    // ... but nobody ever reads from it.
    expect(second.text).toBe("");
    await first.leave();
    expect(await program.waitForExit()).toBe(0);
    // The program has gone: the queued connection is dropped without a word.
    await second.waitClosed();
    expect(second.text).toBe("");
    expect(program.connectedCount).toBe(1);
  });

  it("stage 2 serves a second client after the first leaves", { timeout: TEST_MS }, async () => {
    const program = await startStage(2);
    const first = await program.connect();
    first.typeLine("first");
    await first.waitText("first\r\n");
    const second = await program.connect();
    second.typeLine("typed while waiting");
    await sleep(QUIET_MS);
    expect(second.text).toBe("");
    await first.leave();
    // What the second client typed while queued is read and echoed as soon as it is accepted.
    await second.waitText("typed while waiting\r\n");
    second.typeLine("now served");
    await second.waitText("now served\r\n");
    await second.leave();
    const third = await program.connect();
    third.typeLine("third");
    await third.waitText("third\r\n");
    expect(program.exited).toBe(false);
    expect(program.stdout.match(/Disconnected/g)?.length).toBe(2);
    expect(program.stderr).toBe("");
  });

  it("stage 3 serves two clients at once", { timeout: TEST_MS }, async () => {
    const program = await startStage(3);
    const a = await program.connect();
    const b = await program.connect();
    await program.waitForConnected(2);
    b.typeLine("from b");
    await b.waitText("from b\r\n");
    a.typeLine("from a");
    await a.waitText("from a\r\n");
    await sleep(QUIET_MS);
    // Each is only echoed: the clients cannot talk to each other yet.
    expect(a.text).toBe("from a\r\n");
    expect(b.text).toBe("from b\r\n");
    await a.leave();
    b.typeLine("b still served");
    await b.waitText("b still served\r\n");
    expect(program.stderr).toBe("");
  });

  for (const stage of [4, 5]) {
    it(`stage ${stage} delivers a line from one client to the others and not back to the sender`, { timeout: TEST_MS }, async () => {
      const program = await startStage(stage);
      const clients: LineClient[] = [];
      for (let i = 1; i <= 3; i++) {
        clients.push(await program.connect());
        await program.waitForConnected(i); // printed after joining the list
      }
      const [a, b, c] = clients as [LineClient, LineClient, LineClient];
      a.typeLine("hello from a");
      await b.waitText("hello from a\r\n");
      await c.waitText("hello from a\r\n");
      c.typeLine("hello from c");
      await a.waitText("hello from c\r\n");
      await b.waitText("hello from c\r\n");
      await sleep(QUIET_MS);
      expect(a.text).toBe("hello from c\r\n");
      expect(b.text).toBe("hello from a\r\nhello from c\r\n");
      expect(c.text).toBe("hello from a\r\n");
      // A client that leaves politely is taken off the list; the others carry on.
      await b.leave();
      await program.waitForOutput("Disconnected");
      a.typeLine("after b left");
      await c.waitText("after b left\r\n");
      expect(program.stderr).toBe("");
    });
  }

  it("stage 4 stops relaying a client's lines after another client resets (the hazard stage 5 fixes)", { timeout: TEST_MS }, async () => {
    const program = await startStage(4);
    const clients: LineClient[] = [];
    for (let i = 1; i <= 3; i++) {
      clients.push(await program.connect());
      await program.waitForConnected(i);
    }
    const [a, b, c] = clients as [LineClient, LineClient, LineClient];
    c.reset();
    // c's thread dies in recv() without taking c off the shared list.
    await program.waitForStderr(/ConnectionResetError/);
    // a's line still reaches b (before c in the list), then a's thread dies sending to c.
    a.typeLine("one");
    await b.waitText("one\r\n");
    await program.waitForStderr(/Exception in thread/, 2);
    a.typeLine("two");
    await sleep(QUIET_MS);
    expect(b.text).toBe("one\r\n");
    expect(program.stdout).not.toContain("Disconnected");
  });

  it("stage 5 survives a client that resets its connection while others chat", { timeout: TEST_MS }, async () => {
    const program = await startStage(5);
    const clients: LineClient[] = [];
    for (let i = 1; i <= 3; i++) {
      clients.push(await program.connect());
      await program.waitForConnected(i);
    }
    const [a, b, c] = clients as [LineClient, LineClient, LineClient];
    // a keeps talking while c vanishes, so a's sends race with c's thread noticing the reset.
    for (let i = 0; i < 20; i++) {
      a.typeLine(`line ${i}`);
      if (i === 5) c.reset();
      await sleep(10);
    }
    await b.waitText("line 19\r\n");
    await program.waitForOutput("Disconnected");
    b.typeLine("b is fine");
    await a.waitText("b is fine\r\n");
    const d = await program.connect();
    await program.waitForConnected(4);
    a.typeLine("welcome d");
    await d.waitText("welcome d\r\n");
    await b.waitText("welcome d\r\n");
    expect(program.exited).toBe(false);
    expect(program.stderr).toBe("");
  });

  it("stage 5 delivers every line while other clients come and go", { timeout: TEST_MS }, async () => {
    const program = await startStage(5);
    // Clients that will leave, then listeners after them in the list, then one talker.
    const leavers: LineClient[] = [];
    for (let i = 1; i <= 20; i++) {
      leavers.push(await program.connect());
      await program.waitForConnected(i);
    }
    const listeners: LineClient[] = [];
    for (let i = 1; i <= 5; i++) {
      listeners.push(await program.connect());
      await program.waitForConnected(20 + i);
    }
    const talker = await program.connect();
    await program.waitForConnected(26);
    const LINES = 200;
    const leaving = (async () => {
      for (const leaver of leavers) {
        leaver.end(); // end of file: each leaver's thread removes it from the list
        await sleep(3);
      }
    })();
    for (let i = 0; i < LINES; i++) {
      talker.typeLine(`m${i}`);
      await sleep(1);
    }
    await leaving;
    for (const listener of listeners) {
      await waitUntil(
        () => (listener.text.match(/\n/g)?.length ?? 0) >= LINES,
        () => `${LINES} lines at every listener (one has ${listener.text.match(/\n/g)?.length ?? 0})`,
      );
    }
    expect(program.stderr).toBe("");
  });
});

// ---- exercise files ----

const KINDS = ["identify", "determine", "propose", "hazard"];

describe("exercise files", () => {
  const files = existsSync(EXERCISES) ? readdirSync(EXERCISES).filter((f) => f.endsWith(".md")).sort() : [];

  it("there is one exercise per stage, 0.md to 5.md", () => {
    expect(files).toEqual(["0.md", "1.md", "2.md", "3.md", "4.md", "5.md"]);
  });

  for (const file of files) {
    it(`exercise ${file} parses and names programs that exist`, () => {
      const { data, content } = matter(readFileSync(path.join(EXERCISES, file), "utf8"));
      const stage = Number(path.basename(file, ".md"));
      expect(data.stage).toBe(stage);
      for (const field of ["title", "summary"]) {
        expect(typeof data[field], field).toBe("string");
        expect((data[field] as string).trim().length, field).toBeGreaterThan(0);
      }
      expect(data.program).toBe(`chatserver${stage}.py`);
      expect(existsSync(path.join(PROGRAMS, data.program as string))).toBe(true);
      if (stage >= 2) {
        expect(data.starting).toBe(`chatserver${stage - 1}.py`);
        expect(existsSync(path.join(PROGRAMS, data.starting as string))).toBe(true);
      } else {
        expect(data.starting).toBeUndefined();
      }

      expect(Array.isArray(data.tasks)).toBe(true);
      const tasks = data.tasks as Record<string, unknown>[];
      expect(tasks.length).toBeGreaterThan(0);
      const ids = tasks.map((task) => task.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const task of tasks) {
        expect(task.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(KINDS).toContain(task.kind);
        for (const field of ["prompt", "findings"]) {
          expect(typeof task[field], `${String(task.id)}.${field}`).toBe("string");
          expect((task[field] as string).trim().length, `${String(task.id)}.${field}`).toBeGreaterThan(0);
        }
      }

      const headings = content.match(/^## .+$/gm) ?? [];
      expect(headings.slice(0, 3)).toEqual(["## Goal", "## Steps", "## Programming points"]);
      for (const heading of headings.slice(3)) expect(heading).toBe("## Going further");
      expect(content).not.toMatch(/^#+ Tasks/m);
    });
  }
});
