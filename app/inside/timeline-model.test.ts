import { describe, expect, it } from "vitest";
import type { TraceEvent, TraceOf } from "@/shared/trace-events";
import { describe as inWords, TimelineIndex, TYPED_LANE, listLane, type Lane } from "./timeline-model";

// A chat like chatserver4's, as its trace reads: the main thread listens and accepts, a thread per
// client, the shared list of clients; lines typed in terminals, each read by its thread and sent on
// to the others (under a lock for some), one client leaving.
function chat(clients: number, rounds: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  let t = 1000;
  const add = (e: Record<string, unknown>) => out.push({ ...e, t: (t += 0.25), n: out.length } as TraceEvent);
  const inList: number[] = [];
  add({ kind: "listen", thread: 0, conn: 3, port: 8888 });
  for (let k = 1; k <= clients; k++) {
    add({ kind: "accept", thread: 0, conn: 3 + k, sock: 3, peer: `127.0.0.1:${50000 + k}`, peerPort: 50000 + k, wait: 5 });
    add({ kind: "thread.start", thread: k, name: `Thread-${k}`, parent: 0 });
    inList.push(3 + k);
    add({ kind: "list.change", thread: k, list: 1, name: "CLIENTS", op: "append", items: [...inList], item: 3 + k, holding: [] });
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 1; k <= clients; k++) {
      if (!inList.includes(3 + k)) continue;
      const preview = `line ${r} from ${k}\r\n`;
      add({ kind: "typed", thread: -1, port: 50000 + k, bytes: preview.length, preview });
      add({ kind: "recv", thread: k, conn: 3 + k, bytes: preview.length, preview, wait: 40 });
      if (k % 2) add({ kind: "lock.acquire", thread: k, lock: 7, name: "LOCK", wait: 0.1 });
      inList.forEach((c, index) => c !== 3 + k && add({ kind: "send", thread: k, conn: c, op: "sendall", bytes: preview.length, preview, holding: k % 2 ? [7] : [], via: 1, index }));
      if (k % 2) add({ kind: "lock.release", thread: k, lock: 7, name: "LOCK" });
    }
    if (r === 1) {
      // Client 2 leaves.
      add({ kind: "recv", thread: 2, conn: 5, bytes: 0, preview: "", wait: 3 });
      inList.splice(inList.indexOf(5), 1);
      add({ kind: "list.change", thread: 2, list: 1, name: "CLIENTS", op: "remove", items: [...inList], item: 5, holding: [] });
      add({ kind: "close", thread: 2, conn: 5 });
      add({ kind: "thread.end", thread: 2 });
    }
  }
  return out;
}

const terminals = new Map([
  [50001, "terminal 1"],
  [50002, "terminal 2"],
  [50003, "terminal 3"],
]);

/** The store's way: events appended in batches, the oldest let go past `keep`. */
function feed(events: readonly TraceEvent[], batches: number[], keep = Infinity) {
  const index = new TimelineIndex();
  const kept: TraceEvent[] = [];
  let forgotten = 0;
  let at = 0;
  let model = index.update(kept, forgotten, terminals);
  for (let b = 0; at < events.length; b++) {
    const size = batches[b % batches.length];
    kept.push(...events.slice(at, at + size));
    at += size;
    if (kept.length > keep) {
      const extra = kept.length - keep;
      kept.splice(0, extra);
      forgotten += extra;
    }
    model = index.update(kept, forgotten, terminals);
  }
  return { index, model, kept };
}

const labels = (lanes: Lane[]) => lanes.map((l) => `${l.id}: ${l.label}`);

describe("the timeline's model, kept up to date batch by batch", () => {
  const events = chat(5, 6);

  it("has a lane per thread, the typed lane on top and the shared list below, named after the terminals", () => {
    const { model } = feed(events, [1, 7, 30, 3]);
    expect(labels(model.lanes)).toEqual([
      `${TYPED_LANE}: typed in terminals`,
      "0: main thread",
      "1: Thread-1 · terminal 1",
      "2: Thread-2 · terminal 2",
      "3: Thread-3 · terminal 3",
      "4: Thread-4 · client :50004",
      "5: Thread-5 · client :50005",
      `${listLane(1)}: CLIENTS (shared list)`,
    ]);
    expect(model.peers.get(3)).toBe("listening :8888");
  });

  it("is the same whatever the batches, and keeps its identity while nothing it names changes", () => {
    const whole = feed(events, [events.length]);
    for (const batches of [[1], [2, 5], [13], [100, 1]]) expect(labels(feed(events, batches).model.lanes)).toEqual(labels(whole.model.lanes));
    const index = new TimelineIndex();
    const first = index.update(events, 0, terminals);
    expect(index.update(events, 0, terminals)).toBe(first);
    // A terminal named later renames its lane.
    const renamed = index.update(events, 0, new Map([...terminals, [50004, "terminal 4"]]));
    expect(renamed).not.toBe(first);
    expect(renamed.lanes.find((l) => l.id === 4)?.label).toBe("Thread-4 · terminal 4");
  });

  it("links a typed line to the recv that read it and the sends that carried it on, and back", () => {
    const { index } = feed(events, [3, 11]);
    const typed = events.filter((e): e is TraceOf<"typed"> => e.kind === "typed" && e.port === 50003)[2];
    const links = index.related(typed);
    const recv = links[0] as TraceOf<"recv">;
    expect(recv.kind).toBe("recv");
    expect(recv.preview).toBe(typed.preview);
    // Client 2 left in round 1: round 2's line goes to clients 1, 4 and 5.
    expect(links.slice(1).map((e) => (e.kind === "send" ? e.conn : -1))).toEqual([4, 7, 8]);
    expect(index.related(recv)).toEqual([typed, ...links.slice(1)]);
    // A send: its recv, the typed line and the other sends.
    const send = links[2];
    expect(index.related(send)).toEqual([recv, typed, links[1], links[3]]);
    // A lock step: the same lock's other steps within a second.
    const acquire = events.find((e) => e.kind === "lock.acquire")!;
    const steps = index.related(acquire);
    expect(steps.length).toBeGreaterThan(10);
    expect(steps.every((e) => (e.kind === "lock.acquire" || e.kind === "lock.release") && e !== acquire && Math.abs(e.t - acquire.t) < 1000)).toBe(true);
    // The client that left: its recv of b'' goes with its last typed line, and carried nothing.
    const left = events.find((e) => e.kind === "recv" && e.bytes === 0)!;
    expect(index.related(left)).toEqual([[...events].reverse().find((e) => e.kind === "typed" && e.port === 50002 && e.t < left.t)]);
  });

  it("lets go of the oldest events as the page does: their lanes go, the names stay", () => {
    // Only the last rounds kept: the main thread's listen and accepts are gone, and client 2's thread.
    const keep = events.length - events.findIndex((e) => e.kind === "list.change" && e.op === "remove") - 3;
    const { index, model, kept } = feed(events, [4, 9], keep);
    expect(kept.length).toBe(keep);
    expect(model.lanes.map((l) => l.id)).toEqual([TYPED_LANE, 1, 3, 4, 5]);
    expect(model.lanes[1].label).toBe("Thread-1 · terminal 1");
    const typed = kept.find((e): e is TraceOf<"typed"> => e.kind === "typed" && e.port === 50001)!;
    expect(index.related(typed).map((e) => e.kind)).toEqual(["recv", "send", "send", "send"]);
    // A forgotten event links to nothing.
    expect(index.related(events[5])).toEqual([]);
  });
});

it("says a long list's contents around where it changed, and how many it left out", () => {
  const events = chat(70, 0);
  const { model } = feed(events, [events.length]);
  const changes = events.filter((e): e is TraceOf<"list.change"> => e.kind === "list.change");
  // The 8th client joins: the list is still short enough to say whole.
  expect(inWords(changes[7], model, terminals)).toBe(
    "CLIENTS.append client :50008 → [terminal 1, terminal 2, terminal 3, client :50004, client :50005, client :50006, client :50007, client :50008], holding no lock",
  );
  // The 70th: the five last entries, where it joined.
  expect(inWords(changes[69], model, terminals)).toBe(
    "CLIENTS.append client :50070 → [… 65 before, client :50066, client :50067, client :50068, client :50069, client :50070] (70 in all), holding no lock",
  );
  // A removal in the middle: the entries either side of the gap.
  const removal = { ...changes[69], op: "remove", item: 33, index: 30, items: changes[69].items.filter((c) => c !== 33) } as TraceOf<"list.change">;
  expect(inWords(removal, model, terminals)).toBe(
    "CLIENTS.remove client :50030 at position 30 → [… 28 before, client :50029, client :50031, client :50032, client :50033, client :50034, 36 after …] (69 in all), holding no lock",
  );
});
