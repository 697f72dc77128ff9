// Class chat through the real lab (real sandbox, real TCP): a student shares chatserver4, two
// classmates join it and chat; unshare, stop, disconnect, the joiner limit, the input rate, and
// that nothing can be joined by guessing.
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { LabClient } from "../support/lab-client";
import type { Terminal } from "../support/terminal";
import { labForFile } from "../support/per-file";

const KEY = "instructor-key-for-class-chat-0123456789";
const lab = labForFile({ sharing: { maxJoiners: 2, linesPerSecond: 20, bytesPerSecond: 64 * 1024 }, instructorKey: KEY });

let students = 0;
/** A student who joined the class (a browser session with a name). */
async function student(): Promise<LabClient> {
  const client = await LabClient.connect(lab.base);
  await client.joinClass(`Student ${++students}`);
  return client;
}

/** A student running chatserver4 (exercise 4), shared with the class; and its share id as the class sees it. */
async function sharedChatServer(owner: LabClient, stage = 4): Promise<{ runId: string; shareId: string }> {
  const runId = await owner.startStage(stage);
  await owner.waitListening(runId);
  owner.send({ type: "share.start", runId });
  const shareId = await owner.waitFor((m) => m.type === "shares" && m.shares.find((s) => s.runId === runId)?.shareId, 5000, "the run in the owner's shares");
  return { runId, shareId };
}

/** The owner's own view of their share once `n` people are connected. */
const ownerSees = (owner: LabClient, runId: string, n: number) =>
  owner.waitFor((m) => m.type === "shares" && m.shares.find((s) => s.runId === runId && s.connected?.length === n), 5000, `${n} joined in the owner's view`);

/** The students leave: their runs stop (so their shares end) and their pages close. */
async function leave(...clients: LabClient[]): Promise<void> {
  for (const client of clients) {
    for (const m of client.messages) if (m.type === "run.created") client.send({ type: "run.stop", runId: m.run.runId });
  }
  await new Promise((r) => setTimeout(r, 100));
  for (const client of clients) client.close();
}

const closedSaying = async (t: Terminal, text: RegExp) => {
  await t.until(() => t.closed, "the terminal to close");
  expect(t.statuses.at(-1)?.message).toMatch(text);
};

describe("class chat", () => {
  it("nothing is joined by guessing, and a browser that has not joined the class sees and joins nothing", async () => {
    const [ana, ben] = await Promise.all([student(), student()]);
    const unshared = await ana.startStage(4, "exercise-3");
    await ana.waitListening(unshared);
    const guess = await ben.join("AAAAAAAAAAAAAAAAAAAAAA");
    await closedSaying(guess, /No such server is shared with your class/);
    await expect(ben.terminal(unshared)).rejects.toThrow(/404/);
    expect(ben.shares()).toEqual([]);

    const { shareId } = await sharedChatServer(ana);
    await ben.waitFor((m) => m.type === "shares" && m.shares.some((s) => s.shareId === shareId), 5000, "the share in a member's list");
    const outsider = await LabClient.connect(lab.base);
    const outsiderRun = await outsider.startStage(4);
    await outsider.waitListening(outsiderRun);
    outsider.send({ type: "share.start", runId: outsiderRun });
    const refused = await outsider.waitFor((m) => m.type === "error" && m, 5000, "an error");
    expect(refused).toMatchObject({ code: "not-a-member", message: expect.stringMatching(/Join the class/) });
    const tried = await outsider.join(shareId);
    await closedSaying(tried, /Join the class \(with your name\) first/);
    expect(outsider.shares()).toEqual([]);
    await leave(ana, ben, outsider);
  });

  it("two classmates join a student's chatserver4: every line reaches the others, the owner sees who is connected", async () => {
    const [ana, ben, cleo] = await Promise.all([student(), student(), student()]);
    const { runId, shareId } = await sharedChatServer(ana);
    // Classmates see the share, without the owner's run id or who is connected.
    const seen = await ben.waitFor((m) => m.type === "shares" && m.shares.find((s) => s.shareId === shareId), 5000, "the share in Ben's list");
    expect(seen).toMatchObject({ port: 8888, joiners: 0, maxJoiners: 2, instructor: false, label: "chatserver4.py (the lab's program)" });
    expect(seen.runId).toBeUndefined();
    expect(seen.connected).toBeUndefined();

    const own = await ana.terminal(runId);
    await own.waitStatus("connected");
    const b = await ben.join(shareId);
    const c = await cleo.join(shareId);
    await Promise.all([b.waitStatus("connected"), c.waitStatus("connected")]);
    expect(b.statuses.map((s) => s.message)).toEqual([expect.stringMatching(/^Trying Student \S+'s server, port 8888\.\.\.$/), expect.stringMatching(/^Connected to Student \S+'s server, as 127\.0\.1\.1\.$/)]);
    await ana.waitFor(() => ana.output(runId).match(/Connected/g)?.length === 3 || undefined, 5000, "three clients in chatserver4's list");
    // The program itself sees each classmate from their own address, as on a real network.
    expect(ana.output(runId)).toMatch(/Connected \('127\.0\.1\.1', \d+\)/);
    expect(ana.output(runId)).toMatch(/Connected \('127\.0\.1\.2', \d+\)/);

    b.typeLine("hello from ben");
    await Promise.all([c.waitText("hello from ben"), own.waitText("hello from ben")]);
    own.typeLine("hi, it's the owner");
    await Promise.all([b.waitText("hi, it's the owner"), c.waitText("hi, it's the owner")]);

    const view = await ownerSees(ana, runId, 2);
    const addresses = view.connected!.map((j) => j.address).sort();
    expect(addresses).toEqual(["127.0.1.1", "127.0.1.2"]);
    expect(new Set(view.connected!.map((j) => j.name)).size).toBe(2);
    await leave(ana, ben, cleo);
  });

  it("Unshare closes every joined terminal saying so; the old share id then joins nothing", async () => {
    const [ana, ben] = await Promise.all([student(), student()]);
    const { runId, shareId } = await sharedChatServer(ana);
    const b = await ben.join(shareId);
    await b.waitStatus("connected");
    ana.send({ type: "share.stop", runId });
    await closedSaying(b, /stopped sharing their server/);
    await ben.waitFor((m) => m.type === "shares" && !m.shares.some((s) => s.shareId === shareId) && m, 5000, "the share gone from Ben's list");
    const again = await ben.join(shareId);
    await closedSaying(again, /No such server is shared with your class/);
    await leave(ana, ben);
  });

  it("Stop closes every joined terminal, saying the program stopped", async () => {
    const [ana, ben] = await Promise.all([student(), student()]);
    const { runId, shareId } = await sharedChatServer(ana);
    const b = await ben.join(shareId);
    await b.waitStatus("connected");
    ana.send({ type: "run.stop", runId });
    await closedSaying(b, /stopped their program: the server is gone/);
    await leave(ana, ben);
  });

  it("the owner disconnects one person, who cannot join again; the other stays; the limit takes two", async () => {
    const [ana, ben, cleo, dan] = await Promise.all([1, 2, 3, 4].map(() => student()));
    const { runId, shareId } = await sharedChatServer(ana!);
    const [b, c] = [await ben!.join(shareId), await cleo!.join(shareId)];
    await Promise.all([b.waitStatus("connected"), c.waitStatus("connected")]);
    const third = await dan!.join(shareId);
    await closedSaying(third, /already has 2 people connected/);

    const view = await ownerSees(ana!, runId, 2);
    const benId = view.connected!.find((j) => j.address === "127.0.1.1")!.joinerId;
    ana!.send({ type: "share.disconnect", shareId, joinerId: benId });
    await closedSaying(b, /disconnected you from their server/);
    const back = await ben!.join(shareId);
    await closedSaying(back, /disconnected you from this server/);
    const own = await ana!.terminal(runId);
    await own.waitStatus("connected");
    await ana!.waitFor(() => ana!.output(runId).match(/Connected/g)?.length === 3 || undefined, 5000, "the owner's terminal in chatserver4's list");
    c.typeLine("still here, again");
    await own.waitText("still here, again");
    await leave(ana!, ben!, cleo!, dan!);
  });

  it("a joiner's lines go at the configured rate: none is lost, a burst past it waits", async () => {
    const [ana, ben] = await Promise.all([student(), student()]);
    const { runId, shareId } = await sharedChatServer(ana);
    const own = await ana.terminal(runId);
    await own.waitStatus("connected");
    const b = await ben.join(shareId);
    await b.waitStatus("connected");
    await ana.waitFor(() => ana.output(runId).match(/Connected/g)?.length === 2 || undefined, 5000, "both clients in the list");
    // 20 lines a second with 2 s of burst: 40 go at once, the next 20 take another second.
    const started = Date.now();
    b.ws.send(Buffer.from(Array.from({ length: 60 }, (_, i) => `line ${i}\r\n`).join("")), { binary: true });
    for (let i = 0; i < 60; i++) b.typeLine(`more ${i}`);
    await own.waitText("more 59\r\n", 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
    expect(own.text.match(/(line|more) \d+\r\n/g)).toHaveLength(120);
    await leave(ana, ben);
  });

  it("the instructor shares a server of their own with the whole class; the board page sees who is connected", async () => {
    const teacher = await LabClient.connect(lab.base);
    // The instructor's browser gives the key on /ws/instructor (with its cookie): that session is the instructor's.
    const board = new WebSocket(`${lab.base.replace("http", "ws")}/ws/instructor`, { headers: { origin: lab.base, cookie: teacher.cookie } });
    await new Promise<void>((resolve) => board.once("message", () => resolve()).on("open", () => board.send(JSON.stringify({ type: "instructor.hello", key: KEY }))));
    const ben = await student();
    const { runId, shareId } = await sharedChatServer(teacher, 5);
    const listed = await ben.waitFor((m) => m.type === "shares" && m.shares.find((s) => s.shareId === shareId), 5000, "the instructor's share");
    expect(listed).toMatchObject({ owner: "Instructor", instructor: true, label: "chatserver5.py (the lab's program)" });
    const b = await ben.join(shareId);
    await b.waitStatus("connected");
    const view = await ownerSees(teacher, runId, 1);
    expect(view.connected![0]).toMatchObject({ name: ben.name, address: "127.0.1.1" });
    board.close();
    await leave(teacher, ben);
  });
});
