// Many students on one lab: each session's runs are its own, and Stop leaves nothing behind.
import { describe, expect, it } from "vitest";
import { hostProcesses, runUidProcesses } from "../support/host";
import { LabClient, upgradeStatus } from "../support/lab-client";
import { labForFile } from "../support/per-file";

const lab = labForFile();

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
    expect(await upgradeStatus(lab.base, `/ws/terminal?run=${runId}&port=8888`, { cookie: mallory.cookie, origin: lab.base })).toBe(404);
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
    expect(await upgradeStatus(lab.base, "/ws/lab", { origin: lab.base })).toBe(403);
    const forged = alice.cookie.replace(/=.*\./, "=AAAAAAAAAAAAAAAAAAAAAA.");
    expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: forged, origin: lab.base })).toBe(403);
    expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: alice.cookie, origin: "http://evil.example" })).toBe(403);
    expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: alice.cookie })).toBe(403);
    expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: alice.cookie, origin: lab.base })).toBe(101);
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
    expect(await upgradeStatus(lab.base, `/ws/terminal?run=${runId}&port=99999`, { cookie: alice.cookie, origin: lab.base })).toBe(400);
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
    const runUids = () => new Set(runUidProcesses().map((p) => p.uid));
    const ofUid = (uid: number) => hostProcesses().filter((p) => p.uid === uid).map((p) => p.pid);
    const before = runUids();
    const runId = await client.startSource(source, 2);
    await client.waitListening(runId);
    // Each run has a host uid of its own: the new one is this run's.
    const mine = [...runUids()].filter((uid) => !before.has(uid));
    expect(mine).toHaveLength(1);
    expect(ofUid(mine[0]).length).toBeGreaterThanOrEqual(3);
    client.send({ type: "run.stop", runId });
    await client.waitForState(runId, (s) => s.state === "stopped", "stopped");
    for (const uid of mine) expect(ofUid(uid)).toEqual([]);
    client.close();
  });
});
