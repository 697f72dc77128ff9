// Class chat in real browsers: three students chat through one student's shared chatserver4; the
// owner disconnects one and unshares; the joiner limit; a shared server's hostile escape sequences
// are not acted on; a share cannot be joined by guessing, nor by a browser outside the class.
import { mkdirSync } from "node:fs";
import { join as joinPath } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, expect, it } from "vitest";
import { labAndBrowser, pasteIntoEditor } from "../support/browser";
import { LabClient } from "../support/lab-client";

const KEY = "instructor-key-for-the-class-chat-browser-test";
const setup = labAndBrowser({ LAB_SHARE_JOINERS: "2", LAB_INSTRUCTOR_KEY: KEY });
const contexts: BrowserContext[] = [];
const owners: Page[] = [];
afterEach(async () => {
  // The owners stop their programs, so the next test's lists start empty.
  for (const page of owners.splice(0)) {
    const stop = page.getByRole("button", { name: "Stop", exact: true });
    if (await stop.isEnabled()) await stop.click();
    await page.getByTestId("run-status").filter({ hasText: /stopped/ }).waitFor();
  }
});
afterAll(async () => {
  for (const context of contexts) await context.close();
});

/** Where screenshots of the pages go, for people to look at (not compared by the test). */
const SHOTS = process.env.LAB_SCREENSHOTS;

async function student(path: string): Promise<Page> {
  const context = await setup.browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}${path}`);
  return page;
}

async function runAndShare(page: Page, program?: string): Promise<void> {
  owners.push(page);
  if (program) await page.getByRole("combobox", { name: "Program to run" }).selectOption({ label: program });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
  await page.getByRole("button", { name: "Share with the class" }).click();
  await page.getByRole("region", { name: "Shared with the class" }).waitFor();
}

/** Join the (only) classmate's server listed on the page; returns its terminal. */
async function join(page: Page) {
  await page.getByRole("button", { name: /^Join .*'s server$/ }).click();
  const terminal = page.getByRole("region", { name: /'s server$/ });
  await terminal.getByText("Escape character is").waitFor();
  return terminal;
}

/** Pages load, hydrate and connect slowly on a busy 2-core machine: wait for conditions, up to 15 s. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

const screen = (terminal: ReturnType<Page["getByRole"]>) => terminal.locator(".xterm-rows").innerText();

it("three students chat through Ana's shared chatserver4; Ana sees who is connected, disconnects Ben, unshares", async () => {
  const ana = await student("/exercises/4");
  await runAndShare(ana, "chatserver4.py (the lab's)");
  await ana.getByRole("button", { name: "New terminal" }).click();
  const own = ana.getByRole("region", { name: "Terminal 1" });
  await own.getByText("Connected to localhost.").waitFor();

  // Ben on the same exercise, Cleo on another page: the list is on every exercise page.
  const ben = await student("/exercises/4");
  const cleo = await student("/exercises/2");
  const [b, c] = [await join(ben), await join(cleo)];
  await eventually(async () => (await screen(b)).replace(/\n/g, "")).toMatch(/Connected to Student \S+'s server, as 127\.0\.1\.1\./);
  await ana.getByRole("log", { name: "Program output" }).filter({ hasText: /(Connected[^]*){3}/ }).waitFor();

  await b.locator(".xterm").click();
  await ben.keyboard.type("hello from ben");
  await ben.keyboard.press("Enter");
  await eventually(() => screen(c)).toContain("hello from ben");
  await eventually(() => screen(own)).toContain("hello from ben");
  await own.locator(".xterm").click();
  await ana.keyboard.type("welcome, both");
  await ana.keyboard.press("Enter");
  await eventually(() => screen(b)).toContain("welcome, both");

  // The owner's page: both people, each with the address the program sees.
  const people = ana.getByRole("list", { name: "Connected to your server" });
  await eventually(() => people.innerText()).toMatch(/127\.0\.1\.1[^]*127\.0\.1\.2/);
  await eventually(() => ana.getByTestId("share-count").innerText()).toBe("2 of 2 connected:");
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    for (const [page, name] of [[ana, "owner"], [ben, "joiner"]] as const) {
      await page.setViewportSize({ width: 1366, height: 768 });
      await (name === "owner" ? page.getByRole("region", { name: "Shared with the class" }) : page.getByRole("heading", { name: "Servers you can join" })).scrollIntoViewIfNeeded();
      await page.screenshot({ path: joinPath(SHOTS, `class-chat-${name}.png`) });
    }
  }

  // A fourth student finds the server full.
  const dan = await student("/exercises/4");
  const full = dan.getByRole("button", { name: /^Join .*'s server$/ });
  await eventually(() => dan.getByText("2 of 2 connected").count()).toBe(1);
  await eventually(() => full.isDisabled()).toBe(true);

  // Ana disconnects Ben (the first to join); Ben's terminal says so.
  await people.getByRole("button", { name: /^Disconnect / }).first().click();
  await b.locator(".xterm-rows").getByText("disconnected you from their server").waitFor();
  await eventually(() => people.locator("li").count()).toBe(1);

  // Unshare: Cleo's terminal says so, and the server leaves every list.
  await ana.getByRole("button", { name: "Unshare" }).click();
  await c.locator(".xterm-rows").getByText("stopped sharing their server").waitFor();
  await eventually(() => cleo.getByRole("button", { name: /^Join .*'s server$/ }).count()).toBe(0);
  await ana.getByRole("button", { name: "Share with the class" }).waitFor();
}, 180_000); // four browser contexts: on a busy 2-core machine this took over a minute

it("a shared server's hostile escape sequences are not acted on in a joiner's terminal", async () => {
  const ana = await student("/exercises/3");
  const hostile = [
    "import socket, threading",
    "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('', 8888)); s.listen(5)",
    "def serve(c):",
    "    c.sendall(b'\\x1b]52;c;cHduZWQ=\\x07\\x1b]0;pwned title\\x07\\x1b]8;;https://phish.example/\\x07click me\\x1b]8;;\\x07'",
    "              b'\\x1b[?1049h\\x1b[6n\\x1b[c\\x1b[?1000h\\x1b[?1h\\x1b]11;?\\x07 ok\\r\\n')",
    "    while True:",
    "        d = c.recv(1024)",
    "        if not d: break",
    "        print('got', repr(d), flush=True)",
    "while True:",
    "    c, a = s.accept()",
    "    threading.Thread(target=serve, args=(c,), daemon=True).start()",
    "",
  ].join("\n");
  await pasteIntoEditor(ana, hostile);
  await runAndShare(ana);

  const ben = await student("/exercises/4");
  await ben.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: setup.lab.base });
  await ben.evaluate(() => navigator.clipboard.writeText("ben's own clipboard"));
  const title = await ben.title();
  const b = await join(ben);
  // "click me" came before the alternate-screen switch and " ok" after it: both on one screen.
  await eventually(() => screen(b)).toContain("click me ok");
  // A click (mouse tracking would report it), an arrow key (application mode would change it), a line.
  await b.locator(".xterm").click();
  await ben.keyboard.type("hi");
  await ben.keyboard.press("ArrowLeft");
  await ben.keyboard.press("Enter");
  const consoleLog = ana.getByRole("log", { name: "Program output" });
  await consoleLog.getByText("got b'hi\\r\\n'").waitFor();
  // Nothing but the typed line reached the server: no cursor report, no device attributes, no mouse.
  expect((await consoleLog.innerText()).match(/^got .*$/gm)).toEqual(["got b'hi\\r\\n'"]);
  expect(await ben.title()).toBe(title);
  expect(await ben.evaluate(() => navigator.clipboard.readText())).toBe("ben's own clipboard");
}, 180_000);

it("a share cannot be joined by guessing its id, and a student's run is not reachable through the terminal socket", async () => {
  const ana = await student("/exercises/4");
  owners.push(ana);
  await ana.getByRole("combobox", { name: "Program to run" }).selectOption({ label: "chatserver4.py (the lab's)" });
  await ana.getByRole("button", { name: "Run", exact: true }).click();
  await ana.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
  const eve = await student("/exercises/4");
  const answer = await eve.evaluate(async () => {
    const ws = new WebSocket(`ws://${location.host}/ws/terminal?share=AAAAAAAAAAAAAAAAAAAAAA`);
    return new Promise<string>((resolve) => {
      ws.onmessage = (e) => resolve(String(e.data));
      ws.onclose = () => resolve("closed");
    });
  });
  expect(JSON.parse(answer).message).toMatch(/No such server is shared with your class/);
  await eventually(() => eve.getByText("No classmate is sharing a server right now.").count()).toBe(1);
  // Ana's run by its real id: not in Eve's session, so the lab refuses the socket before it opens.
  const { runId } = await idsOf(ana, false);
  expect(await eve.evaluate(openTerminalSocket, `run=${runId}&port=8888`)).toBe("refused before it opened");
});

it("a browser outside the class is told to join it first, is shown no server, and is refused joining by a share's real id", async () => {
  const ana = await student("/exercises/4");
  await runAndShare(ana, "chatserver4.py (the lab's)");
  const { shareId } = await idsOf(ana, true);
  const context = await setup.browser.newContext({ join: false });
  contexts.push(context);
  const zed = await context.newPage();
  await zed.goto(`${setup.lab.base}/exercises/4`);
  await zed.getByText("Only the class's members see and join each other's servers: join the class with your name first.").waitFor();
  expect(await zed.getByRole("button", { name: /^Join .*'s server$/ }).count()).toBe(0);
  // Even with the real id (say a classmate passed it on), the lab says why not, and closes.
  const answer = await zed.evaluate(openTerminalSocket, `share=${shareId}`);
  expect(JSON.parse(answer)).toMatchObject({ status: "error", message: expect.stringMatching(/^Join the class \(with your name\) first/) });
});

/** A student's run id, and the id of its share when it is shared, as their own session knows them (the page shows neither). */
async function idsOf(page: Page, shared: boolean): Promise<{ runId: string; shareId?: string }> {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const lab = await LabClient.connect(setup.lab.base, cookie);
  try {
    const runId = await lab.waitFor((m) => m.type === "session" && m.runs[0]?.runId, 10_000, "the student's run");
    if (!shared) return { runId };
    const shareId = await lab.waitFor((m) => m.type === "shares" && m.shares.find((s) => s.runId === runId)?.shareId, 10_000, "the student's share");
    return { runId, shareId };
  } finally {
    lab.close();
  }
}

/** Opened in a page: /ws/terminal?QUERY's first message, or why it ended without one. */
function openTerminalSocket(query: string): Promise<string> {
  const ws = new WebSocket(`ws://${location.host}/ws/terminal?${query}`);
  let opened = false;
  return new Promise<string>((resolve) => {
    ws.onopen = () => (opened = true);
    ws.onmessage = (e) => resolve(String(e.data));
    ws.onclose = () => resolve(opened ? "closed" : "refused before it opened");
  });
}

it("the instructor shares a server of their own from the board page; a student joins it; the board shows who is connected", async () => {
  const context = await setup.browser.newContext({ join: false });
  contexts.push(context);
  const board = await context.newPage();
  await board.goto(`${setup.lab.base}/instructor#key=${KEY}`);
  await board.getByRole("heading", { name: "Your server for the class" }).waitFor();
  owners.push(board);
  await board.getByRole("combobox", { name: "Program to run" }).selectOption({ label: "chatserver5.py (the lab's)" });
  await board.getByRole("button", { name: "Run", exact: true }).click();
  await board.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
  await board.getByRole("button", { name: "Share with the class" }).click();
  await board.getByRole("region", { name: "Shared with the class" }).getByText("as “Instructor — chatserver5.py").waitFor();

  const ben = await student("/exercises/1");
  await ben.getByRole("button", { name: "Join Instructor's server" }).waitFor();
  const b = await join(ben);
  await b.locator(".xterm").click();
  await ben.keyboard.type("hello, instructor");
  await ben.keyboard.press("Enter");
  const people = board.getByRole("list", { name: "Connected to your server" });
  await eventually(() => people.innerText()).toMatch(/Student \d+\s*127\.0\.1\.1/);
  if (SHOTS) {
    await board.setViewportSize({ width: 1366, height: 768 });
    await board.getByRole("region", { name: "Shared with the class" }).scrollIntoViewIfNeeded();
    await board.screenshot({ path: joinPath(SHOTS, "class-chat-instructor.png") });
  }
}, 180_000);

