// The trace channel is untrusted input: the program's own process writes it. Flooding it, forging
// events or cutting the tracer off gives a shorter trace or none, says so, and costs the lab only
// its budget.
import { describe, expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { waitUntil } from "../support/wait";
import { startTraced } from "./helpers";

const sandbox = sandboxForFile();

describe("a program that misuses its tracer's channel", () => {
  it("forged lines stop the trace, which says why, while the program runs on", async () => {
    const source = [
      "import time, lab_trace.channel as c",
      "c._channel.setblocking(True)",
      "c._channel.sendall(b'{\"kind\":\"recv\",\"t\":0,\"thread\":0,\"conn\":1,\"bytes\":-5,\"preview\":\"x\"}\\n' + b'not json\\n' * 50)",
      "print('still here', flush=True)",
      "time.sleep(30)",
    ].join("\n");
    const traced = await startTraced(sandbox, source);
    let out = "";
    traced.run.on("stdout", (d) => (out += d.toString()));
    await waitUntil(() => traced.trace.status.state === "lost", "the trace to be given up");
    expect(traced.trace.status.message).toMatch(/not a trace event/);
    expect(traced.trace.events().some((e) => e.kind === "recv")).toBe(false);
    await waitUntil(() => out.includes("still here"), "the program's output");
    expect(traced.run.exitInfo).toBeNull();
    await traced.stop();
  });

  it("a flood is read at the run's budget, dropped and counted, and the lab keeps a bounded ring", async () => {
    const source = [
      "import socket, time",
      "s = socket.socket(); s.bind(('', 8888)); s.listen(5)",
      "c = socket.create_connection(('127.0.0.1', 8888)); a, _ = s.accept()",
      "end = time.monotonic() + 2.5",
      "while time.monotonic() < end:",
      "    a.send(b'x'); c.recv(1)",
      "time.sleep(30)",
    ].join("\n");
    const limits = { eventsPerSecond: 2000, keep: 3000 };
    const traced = await startTraced(sandbox, source, limits);
    await waitUntil(() => traced.trace.status.droppedByProgram + traced.trace.status.droppedByLab > 0, "drops to be counted", 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    const { received } = traced.trace.status;
    expect(traced.trace.events().length).toBeLessThanOrEqual(limits.keep);
    // Read at the budget: at most 2000 events per second of the run so far (+1 second's worth).
    const seconds = (Number(process.hrtime.bigint()) / 1e6 - traced.trace.events()[0].t) / 1000;
    expect(received).toBeLessThanOrEqual(limits.eventsPerSecond * (seconds + 2));
    expect(traced.trace.events().some((e) => e.kind === "dropped" || e.kind === "lab.dropped")).toBe(true);
    await traced.stop();
  });

  it("a program that closes its tracer's channel and goes on gets 'lost', with the reason", async () => {
    const source = ["import sys, time, lab_trace.channel as c", "sys.setprofile(None)", "time.sleep(0.2)", "c._channel.close()", "time.sleep(30)"].join("\n");
    const traced = await startTraced(sandbox, source);
    await waitUntil(() => traced.trace.status.state === "lost", "the trace to be lost");
    expect(traced.trace.status.message).toMatch(/closed its tracer's channel/);
    expect(traced.trace.events().some((e) => e.kind === "tracer.note")).toBe(true);
    await traced.stop();
  });
});

it("a traced program starts with 0, 1 and 2 and holds one more descriptor: its tracer's own socket", async () => {
  const source = [
    "import os, stat",
    "def kind(fd):",
    "    try:",
    "        return 'socket' if stat.S_ISSOCK(os.fstat(fd).st_mode) else 'other'",
    "    except OSError:",
    "        return None",
    "print('open:', [(fd, kind(fd)) for fd in range(4096) if kind(fd)], flush=True)",
  ].join("\n");
  const traced = await startTraced(sandbox, source);
  let out = "";
  traced.run.on("stdout", (d) => (out += d.toString()));
  await waitUntil(() => out.includes("\n"), "the program's output");
  expect(out).toMatch(/^open: \[\(0, '\w+'\), \(1, '\w+'\), \(2, '\w+'\), \(3, 'socket'\)\]\n/);
  await traced.stop();
});
