// The instructor's board and the class's walls, on a real lab server: a student sees only their
// own work; the board and the progress CSV need the instructor key, and guessing it is slowed;
// the board shows a student's save, run and traceback live.
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocket } from "ws";
import { InstructorServerMessage, mergeRows, type BoardRow, type InstructorClientMessage } from "../../shared/board-messages";
import { LabClient } from "../support/lab-client";
import { startTestLab, type TestLab } from "../support/lab-server";

const KEY = "instructor-key-for-tests-0123456789";
let lab: TestLab;
beforeAll(async () => {
  // Two terminals a run, so the visits' own bound is seen beside the student's.
  lab = await startTestLab({ instructorKey: KEY, terminalsPerRun: 2, visitTerminalsPerRun: 2 });
});
afterAll(() => lab?.close());

async function student(name: string): Promise<LabClient> {
  const client = await LabClient.connect(lab.base);
  client.send({ type: "class.join", name });
  await client.waitFor((m) => m.type === "class.student" && m.student?.name === name, 10_000, `${name} joined`);
  return client;
}

/** The instructor's socket (from the browser with `cookie`, if given): resolves with every message it got by the time `until` holds. */
function instructor(key: string, cookie?: string) {
  const ws = new WebSocket(`${lab.base.replace("http", "ws")}/ws/instructor`, { headers: { origin: lab.base, ...(cookie && { cookie }) } });
  const messages: InstructorServerMessage[] = [];
  ws.on("message", (d) => messages.push(InstructorServerMessage.parse(JSON.parse(d.toString()))));
  ws.on("open", () => ws.send(JSON.stringify({ type: "instructor.hello", key })));
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  async function until<T>(test: (rows: BoardRow[]) => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const board = messages.reduce<BoardRow[] | undefined>((rows, m) => (m.type === "board" ? m.rows : m.type === "board.rows" && rows ? mergeRows(rows, m.rows) : rows), undefined);
      const found = board ? test(board) : undefined;
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`board never matched; last ${JSON.stringify(board)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** The newest message that passes `test`, waited for. */
  async function latest<T>(test: (m: InstructorServerMessage) => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = messages.length - 1; i >= 0; i--) {
        const found = test(messages[i]!);
        if (found) return found;
      }
      if (Date.now() > deadline) throw new Error(`no such message; last ${JSON.stringify(messages.at(-1)).slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const say = (m: InstructorClientMessage) => ws.send(JSON.stringify(m));
  return { ws, messages, closed, until, latest, say };
}

/** The help status this student's pages were told last. */
const helpOf = (client: LabClient) => [...client.messages].reverse().find((m) => m.type === "help.status");

it("a student gets only their own work, and the control socket has no instructor message", async () => {
  const ada = await student("Ada");
  ada.send({ type: "work.save", exercise: 2, item: "draft", text: "# Ada's secret", baseVersion: 0 });
  await ada.waitFor((m) => m.type === "work.saved");
  const bob = await student("Bob");
  const reconnect = await LabClient.connect(lab.base, bob.cookie);
  const greeting = await reconnect.waitFor((m) => (m.type === "class.student" ? m : undefined));
  expect(greeting.student?.name).toBe("Bob");
  expect(JSON.stringify(greeting.work)).not.toContain("secret");
  bob.send({ type: "history.list", exercise: 2 });
  const history = await bob.waitFor((m) => (m.type === "history.list" ? m : undefined));
  expect(JSON.stringify(history)).not.toContain("secret");
  // A student's page speaking the instructor's language is refused as a malformed message.
  bob.socket.send(JSON.stringify({ type: "instructor.hello", key: KEY }));
  await bob.waitFor((m) => m.type === "error" && m.code === "bad-message");
  for (const c of [ada, bob, reconnect]) c.socket.close();
});

it("help goes round trip: the queue's places, the board's waiting times, helping and done", async () => {
  const board = instructor(KEY);
  const [eve, finn] = [await student("Eve"), await student("Finn")];
  await eve.waitFor((m) => m.type === "help.status" && m.help.state === "none");
  eve.send({ type: "help.ask", message: "my server exits\u0007 after one client" });
  await eve.waitFor((m) => m.type === "help.status" && m.help.state === "waiting" && m.help.place === 1);
  finn.send({ type: "help.ask", message: "" });
  await finn.waitFor((m) => m.type === "help.status" && m.help.state === "waiting" && m.help.place === 2);
  const rows = await board.until((r) => (r.filter((x) => x.help).length === 2 ? r : undefined));
  expect(rows.find((r) => r.name === "Eve")?.help).toEqual({ state: "waiting", message: "my server exits after one client", askedAt: expect.any(Number) });
  const eveId = rows.find((r) => r.name === "Eve")!.studentId;

  board.say({ type: "instructor.help", studentId: eveId, state: "helping" });
  await eve.waitFor((m) => m.type === "help.status" && m.help.state === "helping");
  await finn.waitFor((m) => m.type === "help.status" && m.help.state === "waiting" && m.help.place === 1);
  board.say({ type: "instructor.help", studentId: eveId, state: "done" });
  await eve.waitFor((m) => m.type === "help.status" && m.help.state === "none");
  finn.send({ type: "help.cancel" });
  await finn.waitFor((m) => m.type === "help.status" && m.help.state === "none");
  await board.until((r) => r.every((x) => !x.help));
  expect(helpOf(eve)).toEqual({ type: "help.status", help: { state: "none" } });
  // A student's socket cannot mark anyone helped: the control socket has no such message.
  finn.socket.send(JSON.stringify({ type: "instructor.help", studentId: eveId, state: "done" }));
  await finn.waitFor((m) => m.type === "error" && m.code === "bad-message");
  board.ws.close();
  for (const c of [eve, finn]) c.close();
});

it("over a student's shoulder: their code, console and terminal, for the instructor's browser only", async () => {
  const gus = await student("Gus");
  gus.send({ type: "work.save", exercise: 4, item: "draft", text: "# Gus's chatserver4\n", baseVersion: 0 });
  await gus.waitFor((m) => m.type === "work.saved");
  const runId = await gus.startStage(4);
  await gus.waitListening(runId);
  const mine = await gus.terminal(runId);
  await mine.waitStatus("connected");

  const teacher = await LabClient.connect(lab.base);
  const board = instructor(KEY, teacher.cookie);
  const gusId = (await board.until((r) => r.find((x) => x.name === "Gus"))).studentId;
  board.say({ type: "instructor.watch", studentId: gusId });
  const desk = await board.latest((m) => m.type === "student" && m.view.runs.some((r) => r.runId === runId && r.ports.includes(8888)) && m.view);
  expect(desk.exercises[4]).toMatchObject({ startingName: "chatserver3.py", draft: { text: "# Gus's chatserver4\n" } });
  expect(desk.runs[0].console).toContain("[lab] starting");

  // Neither a student's browser nor one that tried a forged key may open it.
  const hal = await student("Hal");
  await expect(hal.visit(gusId, runId)).rejects.toThrow(/403/);
  const forged = instructor("forged-key", hal.cookie);
  expect(await forged.closed).toBe(4403);
  await expect(hal.visit(gusId, runId)).rejects.toThrow(/403/);
  hal.socket.send(JSON.stringify({ type: "instructor.watch", studentId: gusId }));
  await hal.waitFor((m) => m.type === "error" && m.code === "bad-message");
  expect(hal.messages.some((m) => JSON.stringify(m).includes("Gus's chatserver4"))).toBe(false);

  // The instructor's terminal: Gus's page is told, and a line reaches Gus's own terminal.
  const visit = await teacher.visit(gusId, runId);
  await visit.waitStatus("connected");
  await gus.waitFor((m) => m.type === "class.visitor" && m.terminals === 1);
  visit.typeLine("hello from your instructor");
  await mine.waitText("hello from your instructor", 10_000);
  await board.latest((m) => m.type === "student" && m.view.visitors === 1);
  visit.close();
  await gus.waitFor((m) => m.type === "class.visitor" && m.terminals === 0);
  board.ws.close();
  for (const c of [gus, hal, teacher]) c.close();
  mine.close();
});

it("the instructor's terminals into a student's server have their own bound and take none of the student's", async () => {
  const quentin = await student("Quentin");
  const runId = await quentin.startStage(4);
  await quentin.waitListening(runId);
  const first = await quentin.terminal(runId);
  await first.waitStatus("connected");
  const teacher = await LabClient.connect(lab.base);
  const board = instructor(KEY, teacher.cookie);
  const quentinId = (await board.until((r) => r.find((x) => x.name === "Quentin"))).studentId;
  const visits = [await teacher.visit(quentinId, runId), await teacher.visit(quentinId, runId)];
  for (const v of visits) await v.waitStatus("connected");
  await expect(teacher.visit(quentinId, runId)).rejects.toThrow(/429/);
  // Quentin still has his second terminal (the visits took one before), and no third.
  const second = await quentin.terminal(runId);
  await second.waitStatus("connected");
  await expect(quentin.terminal(runId)).rejects.toThrow(/429/);
  // A visit closed makes room for another visit, not for a third of Quentin's.
  const seen = quentin.messages.length;
  visits.pop()!.close();
  await quentin.waitFor((m) => quentin.messages.indexOf(m) >= seen && m.type === "class.visitor" && m.terminals === 1);
  visits.push(await teacher.visit(quentinId, runId));
  await visits[1]!.waitStatus("connected");
  await expect(quentin.terminal(runId)).rejects.toThrow(/429/);
  for (const t of [...visits, first, second]) t.close();
  board.ws.close();
  for (const c of [quentin, teacher]) c.close();
});

it("wrong or forged keys are refused, slowly; the CSV needs the key too", async () => {
  const started = Date.now();
  const wrong = instructor("forged");
  expect(await wrong.closed).toBe(4403);
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  expect(wrong.messages).toEqual([{ type: "instructor.refused", message: expect.stringMatching(/not the instructor key/) }]);
  expect((await fetch(`${lab.base}/instructor/progress.csv`)).status).toBe(403);
  expect((await fetch(`${lab.base}/instructor/progress.csv`, { headers: { Authorization: `Bearer ${KEY}x` } })).status).toBe(403);
  const csv = await fetch(`${lab.base}/instructor/progress.csv`, { headers: { Authorization: `Bearer ${KEY}` } });
  expect(csv.status).toBe(200);
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe('"student","exercise","status","failed check","checks passed","of checks","first passed","checks run"');
  expect(text).toContain('"Ada","2","working","","","","","0"');
});

it("the board shows a student's save, run and traceback as they happen; notes and announcements reach students", async () => {
  const board = instructor(KEY);
  await board.until((rows) => rows.find((r) => r.name === "Ada"));
  const cleo = await student("Cleo");
  await board.until((rows) => rows.find((r) => r.name === "Cleo" && r.online));
  cleo.send({ type: "work.save", exercise: 3, item: "draft", text: "print(clients)\n", baseVersion: 0 });
  await board.until((rows) => rows.find((r) => r.name === "Cleo")?.cells[3].status === "working");
  await cleo.startSource("print(clients)\n", 3);
  const row = await board.until((rows) => rows.find((r) => r.name === "Cleo" && r.traceback));
  expect(row.traceback).toBe("NameError: name 'clients' is not defined");

  // "Send a note" reaches only Cleo's pages; "Announce" reaches every student.
  const dan = await student("Dan");
  board.ws.send(JSON.stringify({ type: "instructor.note", studentId: row.studentId, text: "Where is clients defined?" }));
  await cleo.waitFor((m) => m.type === "class.notice" && m.to === "you" && m.text === "Where is clients defined?");
  board.ws.send(JSON.stringify({ type: "instructor.announce", text: "Ten minutes left" }));
  await dan.waitFor((m) => m.type === "class.notice" && m.to === "class" && m.text === "Ten minutes left");
  await cleo.waitFor((m) => m.type === "class.notice" && m.to === "class");
  expect(dan.messages.some((m) => m.type === "class.notice" && m.to === "you")).toBe(false);
  // A student cannot announce: the control socket has no such message.
  dan.socket.send(JSON.stringify({ type: "instructor.announce", text: "free pizza" }));
  await dan.waitFor((m) => m.type === "error" && m.code === "bad-message");
  expect(cleo.messages.some((m) => m.type === "class.notice" && m.text === "free pizza")).toBe(false);
  board.ws.close();
  cleo.socket.close();
});

it("after 5 wrong keys from one address, even the right key waits out the minute", async () => {
  await Promise.all(Array.from({ length: 5 }, () => instructor("guess").closed));
  const right = instructor(KEY);
  expect(await right.closed).toBe(4403);
});
