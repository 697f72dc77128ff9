import { describe, expect, it } from "vitest";
import { StartAborted, StartGate } from "./start-gate";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("StartGate", () => {
  it("lets `capacity` in at once and the rest in the order they came, each told its place", async () => {
    const gate = new StartGate(2);
    const admitted: string[] = [];
    const places: Record<string, number[]> = { c: [], d: [], e: [] };
    const enter = (name: string) =>
      gate.enter((place) => places[name]?.push(place)).then((leave) => {
        admitted.push(name);
        return leave;
      });
    const [a, b] = await Promise.all([enter("a"), enter("b")]);
    const rest = ["c", "d", "e"].map(enter);
    await tick();
    expect(admitted).toEqual(["a", "b"]);
    expect(places).toEqual({ c: [1], d: [2], e: [3] });

    a();
    a(); // a second leave by the same start must not let two more in
    const c = await rest[0];
    await tick();
    expect(admitted).toEqual(["a", "b", "c"]);
    expect(places).toEqual({ c: [1], d: [2, 1], e: [3, 2] });

    b();
    c();
    await Promise.all(rest.slice(1));
    expect(admitted).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("a start stopped while it waits leaves the line, and those behind it move up", async () => {
    const gate = new StartGate(1);
    const leaveFirst = await gate.enter();
    const stop = new AbortController();
    const places: number[] = [];
    const stopped = gate.enter(() => {}, stop.signal);
    const behind = gate.enter((place) => places.push(place));
    stop.abort();
    await expect(stopped).rejects.toBeInstanceOf(StartAborted);
    expect(places).toEqual([2, 1]);
    leaveFirst();
    await behind;
    expect(gate.queued).toBe(0);
  });

  it("far back in a long line that moves fast, a start hears its place once a second; among the last ten, every time", async () => {
    const gate = new StartGate(1);
    let leave = await gate.enter();
    const places: number[] = [];
    const waiting = Array.from({ length: 30 }, (_, i) => gate.enter(i === 29 ? (place) => places.push(place) : undefined));
    for (const next of waiting) {
      leave();
      leave = await next;
    }
    // The 29 places moved here within far less than a second.
    expect(places).toEqual([30, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });
});
