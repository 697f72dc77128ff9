// Flow control end to end, through a lab server in its own process: nothing in the lab buffers
// without bound, the bytes arrive intact, and the lab stays responsive meanwhile. Each case first
// stalls the slow side while 128 MiB wait to move: a lab that read without flow control
// would hold most of them (≥ 100 MiB); a flow-controlled one holds a few hundred KiB plus its
// garbage collector's slack (about 30 MiB here). Each case has a lab of its own, since a process's
// RSS rarely shrinks once grown. The bounds are generous on purpose; the measured figures are in
// docs/performance.md.
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../server/config";
import { floodSlowReader, pasteSlowProgram, printToSlowPage, startFloodRun } from "./backpressure";
import type { PageClient } from "../support/clients";
import { startLabProcess, unmeteredTerminals, type LabProcess } from "../support/lab-child-process";

const MiB = 1024 * 1024;
let lab: LabProcess | null = null;
let page: PageClient | null = null;

async function freshLab(): Promise<{ lab: LabProcess; page: PageClient; runId: string }> {
  // Standard output is rate-limited (256 KiB/s by default) and so are terminals (1 MiB/s): higher
  // limits make the cases quick; what is tested here is flow control, not the budgets.
  lab = await startLabProcess({ overrides: { ...unmeteredTerminals(), limits: { ...readConfig().limits, outputBytesPerSecond: 16 * MiB } } });
  const run = await startFloodRun(lab);
  page = run.page;
  await floodSlowReader(lab, run.page, run.runId, 4 * MiB, 64); // warm up: JIT, buffers, TCP windows
  return { lab, ...run };
}

afterEach(async () => {
  page?.close();
  await lab?.stop();
  lab = page = null;
});

describe("backpressure", () => {
  it("a program writing 128 MiB to a terminal that stalls, then reads slowly: bounded lab memory, every byte intact", async () => {
    const { lab, page, runId } = await freshLab();
    const r = await floodSlowReader(lab, page, runId, 128 * MiB, 64, 2000);
    expect(r.intact).toBe(true);
    expect(r.rssMax - r.rssBefore).toBeLessThan(64 * MiB);
    // Another terminal on the same run kept getting answers meanwhile.
    expect(r.otherTerminalMs.n).toBeGreaterThan(5);
  }, 120_000);

  it("a terminal pasting 128 MiB into a program that reads nothing until the paste stops moving, then slowly: bounded lab memory, every byte intact", async () => {
    const { lab, page, runId } = await freshLab();
    const r = await pasteSlowProgram(lab, page, runId, 128 * MiB, 0.0005, true);
    expect(r.intact).toBe(true);
    expect(r.rssMax - r.rssBefore).toBeLessThan(64 * MiB);
    expect(r.otherTerminalMs.n).toBeGreaterThan(5);
  }, 120_000);

  it("a program printing 32 MiB while one page of the session reads nothing: the lab drops that page, the other gets everything", async () => {
    const { lab } = await freshLab();
    const r = await printToSlowPage(lab, 32 * MiB);
    expect(r.fastPageReceived).toBe(r.bytes);
    expect(r.slowPageClosed).toBe(true);
    expect(r.slowPageCloseCode).toBe(1006); // terminated by the lab; the page reconnects and gets a snapshot
    expect(r.rssMax - r.rssBefore).toBeLessThan(256 * MiB);
  }, 120_000);
});
