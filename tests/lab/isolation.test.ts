// Many students on one lab: each session's runs are its own, and Stop leaves nothing behind.
import { readdirSync, readFileSync } from "node:fs";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUN_UIDS } from "../../server/sandbox/namespace-sandbox";
import { LabClient } from "../support/lab-client";
import { startTestLab, type TestLab } from "../support/lab-server";

let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab();
});
afterAll(async () => {
  await lab?.close();
});

/** Host pids whose cgroup path names the run's sandbox id, and host pids owned by a uid. */
function hostProcesses(test: (status: string, cgroup: string) => boolean): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (test(readFileSync(`/proc/${entry}/status`, "utf8"), readFileSync(`/proc/${entry}/cgroup`, "utf8"))) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
const uidOf = (status: string) => Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);

function upgrade(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${lab.base.replace("http", "ws")}${path}`, { headers });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("error", () => {});
  });
}

describe("sessions are isolated from each other", () => {
  it("two sessions both run chatserver1 on port 8888 at once", async () => {
    const alice = await LabClient.connect(lab.base);
    const bob = await LabClient.connect(lab.base);
    expect(alice.cookie).not.toBe(bob.cookie);
    const [a, b] = await Promise.all([alice.startStage(1), bob.startStage(1)]);
    await Promise.all([alice.waitListening(a), bob.waitListening(b)]);
    const [ta, tb] = [await alice.terminal(a), await bob.terminal(b)];
    ta.typeLine("alice here");
    tb.typeLine("bob here");
    await ta.waitText("alice here");
    await tb.waitText("bob here");
    expect(ta.text).not.toContain("bob");
    alice.close();
    bob.close();
  });

  it("a session cannot connect a terminal to, stop, or feed another session's run", async () => {
    const alice = await LabClient.connect(lab.base);
    const mallory = await LabClient.connect(lab.base);
    const runId = await alice.startStage(2);
    await alice.waitListening(runId);
    expect(await upgrade(`/ws/terminal?run=${runId}&port=8888`, { cookie: mallory.cookie, origin: lab.base })).toBe(404);
    mallory.send({ type: "run.stop", runId });
    await mallory.waitFor((m) => m.type === "error" && m.code === "no-such-run", 5000, "no-such-run");
    // Alice's run is untouched and still serves her.
    const t = await alice.terminal(runId);
    t.typeLine("still mine");
    await t.waitText("still mine");
    alice.close();
    mallory.close();
  });

  it("refuses upgrades without a token, with a forged token, or from another origin", async () => {
    const alice = await LabClient.connect(lab.base);
    expect(await upgrade("/ws/lab", { origin: lab.base })).toBe(403);
    const forged = alice.cookie.replace(/=.*\./, "=AAAAAAAAAAAAAAAAAAAAAA.");
    expect(await upgrade("/ws/lab", { cookie: forged, origin: lab.base })).toBe(403);
    expect(await upgrade("/ws/lab", { cookie: alice.cookie, origin: "http://evil.example" })).toBe(403);
    expect(await upgrade("/ws/lab", { cookie: alice.cookie })).toBe(403);
    expect(await upgrade("/ws/lab", { cookie: alice.cookie, origin: lab.base })).toBe(101);
    alice.close();
  });

  it("a terminal may name only a port, never a host: the run's own loopback is the only destination", async () => {
    const alice = await LabClient.connect(lab.base);
    const runId = await alice.startStage(3);
    await alice.waitListening(runId);
    // The lab's own HTTP port is on the host's loopback, which the run's namespace cannot see.
    const port = new URL(lab.base).port;
    const t = await alice.terminal(runId, Number(port));
    await t.waitStatus("refused");
    expect(await upgrade(`/ws/terminal?run=${runId}&port=99999`, { cookie: alice.cookie, origin: lab.base })).toBe(400);
    alice.close();
  });
});

describe("Stop", () => {
  it("after Stop no process of the run remains, even one that daemonized", async () => {
    const client = await LabClient.connect(lab.base);
    const source = [
      "import os, socket, time",
      "if os.fork() == 0:",
      "    os.setsid()",
      "    if os.fork() == 0:",
      "        time.sleep(3600)",
      "    os._exit(0)",
      "s = socket.socket()",
      "s.bind(('', 8888))",
      "s.listen(1)",
      "print('daemon started', flush=True)",
      "s.accept()",
    ].join("\n");
    // This lab (in this test process) hands its runs uids from its own block; other labs on the host use others.
    const runUids = () => {
      const uids = new Set<number>();
      hostProcesses((status) => {
        const uid = uidOf(status);
        if (uid >= RUN_UIDS.first && uid < RUN_UIDS.first + RUN_UIDS.count) uids.add(uid);
        return false;
      });
      return uids;
    };
    const before = runUids();
    const runId = await client.startSource(source, 2);
    await client.waitListening(runId);
    // Each run has a host uid of its own: the new one is this run's.
    const mine = [...runUids()].filter((uid) => !before.has(uid));
    expect(mine).toHaveLength(1);
    expect(hostProcesses((status) => uidOf(status) === mine[0]).length).toBeGreaterThanOrEqual(3);
    client.send({ type: "run.stop", runId });
    await client.waitForState(runId, (s) => s.state === "stopped", "stopped");
    for (const uid of mine) expect(hostProcesses((status) => uidOf(status) === uid)).toEqual([]);
    client.close();
  });
});
