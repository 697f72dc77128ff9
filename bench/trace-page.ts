// The "Inside the server" page under load: chatserver4 with 20 clients chatting until the page's
// timeline holds 10,000 events, then zoom and scroll back; frame times measured in the page
// (requestAnimationFrame intervals) and its main-thread tasks from a Chromium trace, in Debian's
// chromium at 1366x768.
import { chromium } from "playwright-core";
import { joinClass, loadedEditor } from "../tests/support/browser";
import { PageClient } from "../tests/support/clients";
import type { Terminal } from "../tests/support/terminal";
import type { LabProcess } from "../tests/support/lab-process";
import { summarize, type Summary } from "../tests/support/stats";
import { mainThreadTasks, TASK_TRACE_CATEGORIES, type MainThreadTasks, type TraceEventRecord } from "./lib/main-thread-tasks";

export interface PageBench {
  events: number;
  clients: number;
  /** rAF intervals while events streamed in, and while zooming and scrolling back. */
  streaming: Summary;
  interacting: Summary;
  /**
   * How busy the page's main thread was (Chromium's TaskDuration, ms of tasks per second of wall
   * time): what the page itself costs, less sensitive to the machine's load than frame intervals.
   */
  busy: { streaming: number; interacting: number };
  /**
   * The page's main-thread tasks from a Chromium trace of both phases: the longest on the wall,
   * how much of it the thread spent on a CPU (the rest it waited for one: the machine's load), the
   * most CPU time any one task took (what the page's own work costs at worst), and what ran in them.
   */
  tasks: MainThreadTasks | null;
}

export async function benchTracePage(lab: LabProcess, log: (s: string) => void): Promise<PageBench> {
  const browser = await chromium.launch({
    executablePath: process.env.LAB_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await joinClass(context, lab.base, "Bench Student");
    const page = await context.newPage();
    await page.goto(`${lab.base}/exercises/4`);
    // The pane starts folded to a strip (remembered per browser): open it as a student would.
    await page.getByRole("button", { name: "Show inside the server" }).click();
    // The editor loads lazily: on a busy machine its script was still being evaluated (up to 300 ms
    // of CPU in one task) when the measuring began. That is the page's load, not its timeline.
    await loadedEditor(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const busyMs = async () => 1000 * ((await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")?.value ?? 0);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const control = await PageClient.open(lab.base, cookie);
    const started = await control.start("exercise-4", { kind: "stage", stage: 4 });
    if (!started.ok) throw new Error(`chatserver4 did not start: ${started.message}`);
    const clients: Terminal[] = [];
    for (let i = 0; i < 20; i++) clients.push(await control.terminal(started.runId));
    await page.getByTestId("trace-status").filter({ hasText: /live/ }).waitFor({ timeout: 20_000 });
    // Frame recorder: every rAF interval. A string: tsx names functions with a helper (__name) that
    // does not exist in the page. The longest task comes from the trace below, which sees every
    // task (the Long Tasks API reports only those of 50 ms or more).
    await page.evaluate(`(() => {
      window.frames_ = [];
      let last = performance.now();
      const tick = (now) => {
        window.frames_.push(now - last);
        last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const frames = async () => (await page.evaluate("window.frames_.splice(0)")) as number[];
    const count = async () => Number(/([\d,]+) events/.exec(await page.getByTestId("trace-status").innerText())?.[1].replace(/,/g, "") ?? 0);
    // A light trace over both phases: top-level tasks with their thread CPU time, and the script
    // calls inside them (to tell what ran).
    const traced: TraceEventRecord[] = [];
    cdp.on("Tracing.dataCollected", (e) => traced.push(...(e.value as TraceEventRecord[])));
    await cdp.send("Tracing.start", { categories: TASK_TRACE_CATEGORIES, transferMode: "ReportEvents" });
    let [busy0, wall0] = [await busyMs(), Date.now()];
    const end = Date.now() + 120_000;
    let k = 0;
    // The count is read from the page every 250 ms, not after every round of lines (40 ms): each
    // read is Playwright's script on the page's main thread, counted in the page's figures.
    let nextLook = 0;
    while (Date.now() < end) {
      if (Date.now() >= nextLook) {
        if ((await count()) >= 10_000) break;
        nextLook = Date.now() + 250;
      }
      for (const c of clients) c.send(`line ${k++} from a busy class\r\n`);
      await new Promise((r) => setTimeout(r, 40));
    }
    const events = await count();
    log(`  page: ${events} events on the timeline`);
    const streaming = await frames();
    const busyStreaming = ((await busyMs()) - busy0) / ((Date.now() - wall0) / 1000);
    [busy0, wall0] = [await busyMs(), Date.now()];
    await page.getByRole("button", { name: "Pause" }).click();
    for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Zoom out" }).click();
    const slider = page.getByRole("slider", { name: "Time shown at the right edge" });
    const box = (await slider.boundingBox())!;
    for (let x = box.x + box.width; x > box.x; x -= box.width / 30) await page.mouse.click(x, box.y + box.height / 2);
    const interacting = await frames();
    const busyInteracting = ((await busyMs()) - busy0) / ((Date.now() - wall0) / 1000);
    const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.end");
    await complete;
    for (const c of clients) c.close();
    control.close();
    return { events, clients: clients.length, streaming: summarize(streaming.slice(5)), interacting: summarize(interacting), busy: { streaming: busyStreaming, interacting: busyInteracting }, tasks: mainThreadTasks(traced) };
  } finally {
    await browser.close();
  }
}
