// Bad input of every kind gets a clear, specific answer, and the lab stays up for everyone.
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { LabClient } from "../support/lab-client";
import { labForFile } from "../support/per-file";

const lab = labForFile({ idleRunMs: 1500 });

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe("messages the lab cannot use", () => {
  it("a malformed message gets a clear error and closes only that socket", async () => {
    const bystander = await LabClient.connect(lab.base);
    const client = await LabClient.connect(lab.base, bystander.cookie);
    const done = closed(client.socket);
    client.socket.send("{not json");
    const error = await client.waitFor((m) => m.type === "error" && m, 5000, "an error");
    expect(error).toMatchObject({ code: "bad-message", message: expect.stringContaining("not JSON") });
    expect((await done).code).toBe(4400);
    // The same session's other page is unaffected and can still run programs.
    const runId = await bystander.startStage(1);
    await bystander.waitListening(runId);
    bystander.close();
  });

  it("a message of the wrong shape says which field is wrong", async () => {
    const client = await LabClient.connect(lab.base);
    client.socket.send(JSON.stringify({ type: "run.start", slot: "exercise-1", program: { kind: "stage", stage: 9 } }));
    const error = await client.waitFor((m) => m.type === "error" && m, 5000, "an error");
    expect(error.message).toMatch(/program\.stage/);
  });

  it("an oversized message closes that socket with 1009", async () => {
    const client = await LabClient.connect(lab.base);
    const done = closed(client.socket);
    client.socket.send("x".repeat(300 * 1024));
    expect((await done).code).toBe(1009);
    const again = await LabClient.connect(lab.base, client.cookie);
    expect(again.messages[0]?.type).toBe("session");
    again.close();
  });

  it("binary garbage on a terminal reaches the program as bytes; the terminal shows what comes back", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(3);
    await client.waitListening(runId);
    const t = await client.terminal(runId);
    await t.waitStatus("connected");
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0d, 0x0a]);
    t.ws.send(garbage, { binary: true });
    await t.until(() => t.received.includes(garbage), "the echoed bytes");
    client.close();
  });
});

describe("programs that misbehave", () => {
  it("a program that never listens: terminals say Connection refused", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startSource("import time\nprint('not listening', flush=True)\ntime.sleep(60)\n", 2);
    await client.waitFor(() => client.output(runId).includes("not listening") || undefined, 5000, "output");
    const t = await client.terminal(runId);
    await t.waitStatus("refused");
    expect(t.statuses.at(-1)).toMatchObject({ status: "refused", message: "Connection refused" });
    client.close();
  });

  it("a crash shows the whole traceback and the exit code", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startSource("def f():\n    raise ValueError('boom')\nf()\n", 2);
    const state = await client.waitForState(runId, (s) => s.state === "exited", "exit");
    expect(state).toMatchObject({ code: 1 });
    const output = client.output(runId);
    expect(output).toMatch(/Traceback \(most recent call last\):[^]*File "\/lab\/chatserver2.py", line 3[^]*ValueError: boom/);
    const stderr = client.messages.filter((m) => m.type === "run.output" && m.runId === runId && m.stream === "stderr").map((m) => (m.type === "run.output" ? m.data : "")).join("");
    expect(stderr).toContain("ValueError: boom");
  });

  it("a program that floods its output is held back, and the lab keeps serving others", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startSource("while True:\n    print('x' * 1000)\n", 2);
    await client.waitFor(() => /held back/.test(client.output(runId)) || undefined, 10_000, "the throttle note");
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    const received = client.messages.filter((m) => m.type === "run.output" && m.runId === runId).reduce((n, m) => n + (m.type === "run.output" ? m.data.length : 0), 0);
    // 256 KiB/s is the default limit; allow for the first second's burst.
    expect(received / ((Date.now() - started) / 1000 + 1)).toBeLessThan(600 * 1024);
    const other = await LabClient.connect(lab.base);
    const echo = await other.startStage(1);
    await other.waitListening(echo);
    client.send({ type: "run.stop", runId });
    await client.waitForState(runId, (s) => s.state === "stopped", "stopped");
    client.close();
    other.close();
  });

  it("a run with no terminal and no input is stopped after the idle limit, saying why", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(2);
    await client.waitListening(runId);
    const state = await client.waitForState(runId, (s) => s.state === "stopped", "an idle stop", 10_000);
    expect(state).toMatchObject({ reason: expect.stringContaining("without terminals or input") });
  });
});
