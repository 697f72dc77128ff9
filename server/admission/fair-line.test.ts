import { describe, expect, it } from "vitest";
import { FairLine, LineAborted } from "./fair-line";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("FairLine", () => {
  it("lets `capacity` in at once and clients that each queue once in the order they came, each told its place", async () => {
    const line = new FairLine(2);
    const admitted: string[] = [];
    const places: Record<string, number[]> = { c: [], d: [], e: [] };
    const enter = (name: string) =>
      line.enter(name, (place) => places[name]?.push(place)).then((leave) => {
        admitted.push(name);
        return leave;
      });
    const [a, b] = await Promise.all([enter("a"), enter("b")]);
    const rest = ["c", "d", "e"].map(enter);
    await tick();
    expect(admitted).toEqual(["a", "b"]);
    expect(places).toEqual({ c: [1], d: [2], e: [3] });

    a();
    a(); // a second leave by the same one must not let two more in
    const c = await rest[0];
    await tick();
    expect(admitted).toEqual(["a", "b", "c"]);
    expect(places).toEqual({ c: [1], d: [2, 1], e: [3, 2] });

    b();
    c();
    await Promise.all(rest.slice(1));
    expect(admitted).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("serves clients in turn: one client's twenty entries do not hold back a classmate who comes later", async () => {
    const line = new FairLine(1);
    const order: string[] = [];
    const placesOf: Record<string, number[]> = {};
    const enter = (client: string, name: string) =>
      line.enter(client, (place) => (placesOf[name] ??= []).push(place)).then((leave) => (order.push(name), leave));
    let leave = await enter("ann", "ann-1");
    const anns = Array.from({ length: 19 }, (_, i) => enter("ann", `ann-${i + 2}`));
    const ben = enter("ben", "ben-1");
    const cat = enter("cat", "cat-1");
    await tick();
    // Ann holds the place; Ben and Cat come next, before Ann's second entry.
    expect(placesOf["ben-1"]).toEqual([1]);
    expect(placesOf["cat-1"]).toEqual([2]);
    expect(placesOf["ann-2"]).toEqual([1, 2, 3]);
    const ben2 = enter("ben", "ben-2");
    for (const next of [ben, cat, anns[0]!, ben2, ...anns.slice(1)]) {
      leave();
      leave = await next;
    }
    leave();
    // One round each: Ben's second entry goes in the round after his first, with Ann's second.
    expect(order.slice(0, 6)).toEqual(["ann-1", "ben-1", "cat-1", "ann-2", "ben-2", "ann-3"]);
    expect(line.queued).toBe(0);
  });

  it("an entry stopped while it waits leaves the line, those behind move up, and its client keeps its turn", async () => {
    const line = new FairLine(1);
    const leaveFirst = await line.enter("x");
    const stop = new AbortController();
    const places: number[] = [];
    const stopped = line.enter("y", () => {}, stop.signal);
    const behind = line.enter("z", (place) => places.push(place));
    stop.abort();
    await expect(stopped).rejects.toBeInstanceOf(LineAborted);
    expect(places).toEqual([2, 1]);
    // y queues again: same round as z, after it (arrival order), not a round later.
    let yPlace = 0;
    const again = line.enter("y", (place) => (yPlace = place));
    expect(yPlace).toBe(2);
    leaveFirst();
    (await behind)();
    (await again)();
    expect(line.queued).toBe(0);
  });

  it("waits for room outside the line (the lab's run limit) and goes in when told it changed", async () => {
    let room = false;
    const line = new FairLine(4, () => room);
    let inside = false;
    const entered = line.enter("a").then((leave) => ((inside = true), leave));
    await tick();
    expect(inside).toBe(false);
    expect(line.queued).toBe(1);
    room = true;
    line.letIn();
    (await entered)();
    expect(line.admitted).toBe(0);
  });

  it("once the line is idle, turns given before do not count: a client served long ago is no round behind", async () => {
    const line = new FairLine(1);
    (await line.enter("ann"))();
    const leave = await line.enter("ben");
    let annPlace = 0;
    const ann = line.enter("ann", (place) => (annPlace = place));
    const cat = line.enter("cat");
    // Ben holds the place; Ann's earlier turn was before the line went idle, so she stays first.
    expect(annPlace).toBe(1);
    leave();
    (await ann)();
    (await cat)();
  });

  it("far back in a long line that moves fast, one hears its place once a second; among the first ten, every time", async () => {
    const line = new FairLine(1);
    let leave = await line.enter("first");
    const places: number[] = [];
    const waiting = Array.from({ length: 30 }, (_, i) => line.enter(`c${i}`, i === 29 ? (place) => places.push(place) : undefined));
    for (const next of waiting) {
      leave();
      leave = await next;
    }
    // The 29 places moved here within far less than a second.
    expect(places).toEqual([30, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("keeps the last free place for a client with nothing inside: one client's slow checks never fill every place", async () => {
    const line = new FairLine(3);
    const admitted: string[] = [];
    const enter = (client: string, name: string) => line.enter(client).then((leave) => (admitted.push(name), leave));
    const [s1, s2] = await Promise.all([enter("script", "s1"), enter("script", "s2")]);
    const s3 = enter("script", "s3");
    await tick();
    expect(admitted).toEqual(["s1", "s2"]); // s3 waits although a place is free
    const ben = await enter("ben", "ben");
    expect(admitted).toEqual(["s1", "s2", "ben"]);
    s1();
    await tick();
    expect(admitted).toEqual(["s1", "s2", "ben"]); // the one free place is still kept
    ben();
    (await s3)();
    expect(admitted).toEqual(["s1", "s2", "ben", "s3"]);
    s2();
  });
});
