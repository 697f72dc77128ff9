// One attacker who mints sessions and students to take more of the lab than a student's share
// (issue 9 item 4). Sessions and students cost nothing to make, so: one network address makes only
// so many a minute; a student's share is one share however many browsers it has; and the start and
// check lines go in turn per student. The bystander, who shares the attacker's address (a
// classroom behind NAT), still has its run started and its check served in its turn: the
// assertions are about places and order, never about time.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ServerMessage } from "../../shared/protocol";
import { readConfig } from "../../server/config";
import { LabClient } from "../support/lab-client";
import type { TestLab } from "../support/lab-server";
import { expectNothingLeft, hostSnapshot, startAttackLab, type HostSnapshot } from "./support";

// Small numbers, so the limits are reached with few runs: per address 6 new sessions and 4 joins a
// minute; per student 1 run, 2 checks, 4 WebSockets; the lab 5 runs, 1 check at a time.
const ARRIVALS = { sessionsPerMinute: 6, studentsPerMinute: 4 };

let lab: TestLab;
let before: HostSnapshot;
const clients: LabClient[] = [];
beforeAll(async () => {
  before = hostSnapshot();
  lab = await startAttackLab({}, { runsPerSession: 1, maxRuns: 5, checksAtOnce: 1, shares: { ...readConfig().shares, checksPerStudent: 2, socketsPerStudent: 4 }, arrivals: ARRIVALS });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await lab?.close();
  expectNothingLeft(before);
});

async function connect(cookie: string): Promise<LabClient> {
  const client = await LabClient.connect(lab.base, cookie);
  clients.push(client);
  return client;
}

/** Join as a new student; the personal code, or the refusal's message. */
async function join(client: LabClient, name: string): Promise<{ code?: string; refused?: string }> {
  const before = client.messages.length;
  client.send({ type: "class.join", name });
  const answer = await client.waitFor((m) => client.messages.indexOf(m) >= before && ((m.type === "class.student" && m.student) || m.type === "class.refused") && m, 10_000, "the join's answer");
  return answer.type === "class.refused" ? { refused: answer.message } : { code: answer.type === "class.student" ? answer.student?.code : undefined };
}

async function continueAs(client: LabClient, code: string): Promise<void> {
  client.send({ type: "class.continue", code });
  await client.waitFor((m) => m.type === "class.student" && m.student?.code === code, 10_000, "continued as the student");
}

/** Run pressed: the run's id, or the error's code. */
async function pressRun(client: LabClient, slot: string): Promise<string> {
  const before = client.messages.length;
  client.send({ type: "run.start", slot, program: { kind: "stage", stage: 1 } });
  const after = (m: ServerMessage) => client.messages.indexOf(m) >= before;
  return client.waitFor((m) => after(m) && ((m.type === "run.created" && m.run.slot === slot && m.run.runId) || (m.type === "error" && m.code)), 10_000, "run.created or an error");
}

const placesOf = (client: LabClient) => client.messages.flatMap((m) => (m.type === "check.waiting" ? [m.place] : []));
const health = async () => (await fetch(`${lab.base}/healthz`)).json();

it("minting sessions and students gains one share each, up to the address's limits; the bystander's run starts and its check goes in its turn", async () => {
  // The bystander came first: one session, one student.
  const bystander = await connect("");
  expect((await join(bystander, "Bea Bystander")).code).toBeTruthy();

  // The attacker asks for ten new sessions at once from the same address: five are left this minute.
  const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${lab.base}/`)));
  const cookies = answers.map((r) => (r.headers.get("set-cookie") ?? "").split(";")[0]!).filter(Boolean);
  expect(cookies).toHaveLength(ARRIVALS.sessionsPerMinute - 1);
  const refused = answers.filter((r) => r.status === 429);
  expect(refused).toHaveLength(10 - cookies.length);
  expect(await refused[0]!.text()).toMatch(/^Too many new browser sessions from your network address in the last minute \(the lab takes 6\): wait \d+ seconds, then reload/);
  // A monitor polling /healthz still gets its answer, with no session.
  const polled = await fetch(`${lab.base}/healthz`);
  expect(polled.status).toBe(200);
  expect(polled.headers.get("set-cookie")).toBeNull();

  // Five sessions; three join as new students, the fourth join is over the address's limit.
  const [s1, s2, s3, s4, s5] = await Promise.all(cookies.map(connect));
  const mal = await Promise.all([join(s1!, "Mal One"), join(s2!, "Mal Two"), join(s3!, "Mal Three")]);
  expect(mal.every((m) => m.code)).toBe(true);
  expect((await join(s4!, "Mal Four")).refused).toMatch(/^Too many students joined from your network address in the last minute \(the lab takes 4\)/);
  // The other two become Mal One with the personal code: more browsers, the same student.
  await continueAs(s4!, mal[0]!.code!);
  await continueAs(s5!, mal[0]!.code!);

  // Runs: every attacker's browser presses Run in two slots; one run per student is all it gets.
  const pressed = await Promise.all([s1, s2, s3, s4, s5].flatMap((s) => [pressRun(s!, "a"), pressRun(s!, "b")]));
  const runs = pressed.filter((r) => r.startsWith("run-"));
  expect(runs).toHaveLength(3);
  expect(pressed.filter((r) => r === "too-many-runs")).toHaveLength(7);
  // Mal One's three browsers each pressed Run once in turn: one run, and two refusals that say why.
  const together = [s1, s4, s5].flatMap((s) => s!.messages.filter((m) => m.type === "error" && /on all your pages and computers together/.test(m.message)));
  expect(together).toHaveLength(2);
  // Run again in the same slot replaces the student's run: that stays within the share.
  const holder = [s1, s4, s5].find((s) => s!.messages.some((m) => m.type === "run.created"))!;
  await holder.waitListening(runs.find((id) => holder.messages.some((m) => m.type === "run.created" && m.run.runId === id))!);
  expect(await pressRun(holder, "a")).toMatch(/^run-/);
  // The bystander's Run starts, and listens.
  const own = await pressRun(bystander, "exercise-1");
  expect(own).toMatch(/^run-/);
  await bystander.waitListening(own);
  expect(await health()).toMatchObject({ runs: 4, programs: 4, maxRuns: 5 });

  // Checks: the test holds the only place, so everyone below waits whatever the timing.
  const leave = await lab.lab.admission.checks.enter("the test");
  expect(await health()).toMatchObject({ runs: 5, programs: 4, checks: { running: 1, waiting: 0 } });
  const check = (c: LabClient) => c.send({ type: "check.start", exercise: 1, program: { kind: "stage", stage: 1 } });
  const waiting = (c: LabClient, place: number) => c.waitFor((m) => m.type === "check.waiting" && m.place === place, 10_000, `place ${place}`);
  // Mal One checks from two browsers (its share), then a third: refused at once.
  check(s1!);
  await waiting(s1!, 1);
  check(s4!);
  await waiting(s4!, 2);
  check(s5!);
  expect(await s5!.waitFor((m) => m.type === "check.failed" && m.message, 10_000, "check.failed")).toMatch(/^You already have 2 checks waiting or running/);
  // Mal Two and Mal Three come later, but go before Mal One's second check: a round each.
  check(s2!);
  await waiting(s2!, 2);
  check(s3!);
  await waiting(s3!, 3);
  check(bystander);
  await waiting(bystander, 4);
  await waiting(s4!, 5);
  expect(placesOf(s4!)).toEqual([2, 3, 4, 5]);
  expect(await health()).toMatchObject({ checks: { running: 1, waiting: 5 } });

  // The line moves: the bystander's check runs before Mal One's second, and is never pushed back.
  const startedOrder: string[] = [];
  const named = new Map<LabClient, string>([[s1!, "mal-1a"], [s2!, "mal-2"], [s3!, "mal-3"], [s4!, "mal-1b"], [bystander, "bystander"]]);
  for (const [c, name] of named) c.socket.on("message", () => c.messages.at(-1)?.type === "check.progress" && !startedOrder.includes(name) && startedOrder.push(name));
  leave();
  const report = await bystander.waitFor((m) => m.type === "check.report" && m.report, 60_000, "the bystander's report");
  expect(report.passed).toBe(true);
  await s4!.waitFor((m) => m.type === "check.report", 60_000, "Mal One's second report");
  expect(startedOrder).toEqual(["mal-1a", "mal-2", "mal-3", "bystander", "mal-1b"]);
  expect(placesOf(bystander)).toEqual([4, 3, 2, 1]);

  // WebSockets: Mal One holds 3 pages; a fourth is its share, a fifth is refused.
  await connect(cookies[0]!);
  await expect(LabClient.connect(lab.base, cookies[4]!)).rejects.toThrow(/429/);
}, 120_000);

it("sessions that never join share one budget of runs per address: minting them cannot fill the lab, and joining gives a student's own share", async () => {
  // A lab of its own: the first test used up this minute's sessions.
  const small = await startAttackLab({}, { runsPerSession: 1, shares: { ...readConfig().shares, unjoinedRunsPerAddress: 2 } });
  const scripts: LabClient[] = [];
  try {
    for (let i = 0; i < 3; i++) scripts.push(await LabClient.connect(small.base));
    const pressed = [];
    for (const s of scripts) pressed.push(await pressRun(s, "exercise-1"));
    expect(pressed.slice(0, 2)).toEqual([expect.stringMatching(/^run-/), expect.stringMatching(/^run-/)]);
    expect(pressed[2]).toBe("too-many-runs");
    const refusal = scripts[2]!.messages.find((m) => m.type === "error");
    expect(refusal && "message" in refusal && refusal.message).toMatch(/^Browsers that have not joined the class already have 2 programs running from your network address: join the class/);
    // The same browser joins: it is a student now, with a share of its own.
    await scripts[2]!.joinClass("Jo Joiner");
    const own = await pressRun(scripts[2]!, "exercise-1");
    expect(own).toMatch(/^run-/);
    await scripts[2]!.waitListening(own);
  } finally {
    for (const s of scripts) s.close();
    await small.close();
  }
}, 60_000);
