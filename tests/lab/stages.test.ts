// The tutorial's behaviours, through the real lab: real server, real sandbox, real TCP, real WebSockets.
import { describe, expect, it } from "vitest";
import { LabClient } from "../support/lab-client";
import { labForFile } from "../support/per-file";

const lab = labForFile();

describe("the stages, as a student tests them", () => {
  it("stage 1 echoes what a client sends", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(1);
    await client.waitListening(runId);
    const t = await client.terminal(runId);
    await t.waitStatus("connected");
    t.typeLine("hello, server");
    await t.waitText("hello, server\r\n");
    await client.waitFor(() => client.output(runId).includes("Connected ('127.0.0.1'") || undefined, 5000, "the Connected line");
    client.close();
  });

  it("while one client is connected to stage 1, a second client gets no echo", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(1);
    await client.waitListening(runId);
    const first = await client.terminal(runId);
    await first.waitStatus("connected");
    first.typeLine("one");
    await first.waitText("one");
    const second = await client.terminal(runId);
    second.typeLine("two");
    await second.quietFor(700);
    client.close();
  });

  it("stage 1 exits when its client leaves, and a terminal then gets Connection refused", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(1);
    await client.waitListening(runId);
    const t = await client.terminal(runId);
    await t.waitStatus("connected");
    t.close();
    const state = await client.waitForState(runId, (s) => s.state === "exited", "exit");
    expect(state).toMatchObject({ state: "exited", code: 0 });
    expect(client.output(runId)).toMatch(/Disconnected/);
    const late = await client.terminal(runId);
    await late.waitStatus("refused");
    expect(late.statuses.at(-1)?.message).toBe("Connection refused");
    client.close();
  });

  it("stage 2 serves a second client after the first leaves", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(2);
    await client.waitListening(runId);
    const first = await client.terminal(runId);
    first.typeLine("first");
    await first.waitText("first");
    first.close();
    await first.until(() => first.closed, "first closed");
    const second = await client.terminal(runId);
    second.typeLine("second");
    await second.waitText("second");
    expect(client.messages.some((m) => m.type === "run.state" && m.runId === runId && m.state.state === "exited")).toBe(false);
    client.close();
  });

  it("stage 3 serves two clients at once", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(3);
    await client.waitListening(runId);
    const [a, b] = [await client.terminal(runId), await client.terminal(runId)];
    await a.waitStatus("connected");
    await b.waitStatus("connected");
    a.typeLine("from a");
    b.typeLine("from b");
    await a.waitText("from a");
    await b.waitText("from b");
    expect(a.text).not.toContain("from b");
    client.close();
  });

  for (const stage of [4, 5]) {
    it(`stage ${stage} delivers a line from one client to the others`, async () => {
      const client = await LabClient.connect(lab.base);
      const runId = await client.startStage(stage);
      await client.waitListening(runId);
      const terms = [await client.terminal(runId), await client.terminal(runId), await client.terminal(runId)];
      for (const t of terms) await t.waitStatus("connected");
      // The server learns of each client on its accept thread; wait until all three are in its list.
      await client.waitFor(() => (client.output(runId).match(/Connected/g) ?? []).length >= 3 || undefined, 5000, "three Connected lines");
      terms[0].typeLine("hello everyone");
      await terms[1].waitText("hello everyone");
      await terms[2].waitText("hello everyone");
      client.close();
    });
  }

  it("stage 0 reads lines typed into the console, and a blank line ends it", async () => {
    const client = await LabClient.connect(lab.base);
    const runId = await client.startStage(0);
    await client.waitFor(() => client.output(runId).includes("Connected") || undefined, 5000, "Connected");
    client.send({ type: "run.stdin", runId, data: "hi there\n" });
    await client.waitFor(() => (client.output(runId).match(/hi there/g) ?? []).length >= 2 || undefined, 5000, "the echoed line");
    client.send({ type: "run.stdin", runId, data: "\n" });
    const state = await client.waitForState(runId, (s) => s.state === "exited", "exit");
    expect(state).toMatchObject({ code: 0 });
    client.close();
  });
});
