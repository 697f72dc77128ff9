// "Show me the race": the stress test against chatserver4 with its whole trace, and the
// interleaving that lost a line found in it; chatserver5's lock makes the threads take turns.
import { expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { RACE_TRACE, stressForRace } from "../../server/trace/race-stress";
import { startTraced } from "./helpers";

const sandbox = sandboxForFile();

async function showMeTheRace(stage: 4 | 5) {
  const traced = await startTraced(sandbox, stage, RACE_TRACE);
  await traced.listening();
  const found = await stressForRace(traced.run, traced.trace, 8888, { onLive: () => {}, rounds: 1 });
  await traced.stop();
  return found;
}

it("chatserver4: a line lost in the stress is shown as the walk another thread's list change cut short", async () => {
  // A race is timing: most stress rounds on chatserver4 lose a line (bench: trace), a few attempts at most.
  let found = await showMeTheRace(4);
  for (let attempt = 1; attempt < 4 && found.findings.races.length === 0; attempt++) found = await showMeTheRace(4);
  const [race] = found.findings.races;
  expect(race, `no race in ${found.findings.walks} walks; lost ${found.summary.stats.linesLost}`).toBeDefined();
  expect(race.recv.kind).toBe("recv");
  expect(race.change.kind).toBe("list.change");
  expect(race.change.thread).not.toBe(race.walker);
  // The interleaving holds both threads' steps, in order, the change among the walker's sends.
  const threads = new Set(race.interleaving.map((e) => e.thread));
  expect(threads).toEqual(new Set([race.walker, race.change.thread]));
  // The change came in the middle of the walk: after the recv, before the walker's last send.
  const at = race.interleaving.findIndex((e) => e.n === race.change.n);
  expect(at).toBeGreaterThan(0);
  expect(race.interleaving.slice(at + 1).some((e) => e.thread === race.walker && (e.kind === "send" || e.kind === "sock.error"))).toBe(true);
});

it("chatserver5: no line lost, and the lock shown making the threads take turns", async () => {
  const found = await showMeTheRace(5);
  expect(found.findings.races).toEqual([]);
  const turns = found.findings.turns!;
  expect(turns.name).toBe("LOCK");
  const kinds = turns.sequence.map((e) => e.kind);
  expect(kinds.slice(-3)).toEqual(["lock.wait", "lock.release", "lock.acquire"]);
  expect(turns.sequence.at(-1)!.thread).toBe(turns.sequence.at(-3)!.thread);
  expect(turns.sequence.at(-2)!.thread).not.toBe(turns.sequence.at(-1)!.thread);
});
