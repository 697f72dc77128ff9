// Debian's chromium, driven by playwright-core (never a downloaded browser), with the flags this
// kind of machine needs (playwright gives each launch a fresh profile directory). Records every request so tests can prove nothing leaves the lab.
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startLabProcess, type LabProcess } from "./lab-process";

const CHROMIUM = process.env.LAB_CHROMIUM ?? "/usr/bin/chromium";

export interface TestBrowser {
  browser: Browser;
  /**
   * A new browser session (its own cookies): one student. Inside labAndBrowser it has joined the
   * class already (as "Student N"), unless `join` is false or names another name.
   */
  newContext(options?: { join?: string | false }): Promise<BrowserContext>;
  /** Every URL any page requested. */
  requests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const requests: string[] = [];
  return {
    browser,
    requests,
    async newContext() {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      context.on("request", (r) => requests.push(r.url()));
      return context;
    },
    async close() {
      await browser.close();
    },
  };
}

/** The lab's own origin: its pages, its WebSockets, and blob:/data: URLs the page made itself. */
export function isOwnOrigin(url: string, base: string): boolean {
  const ws = base.replace(/^http/, "ws");
  return [base, ws, `blob:${base}`, "data:"].some((prefix) => url === prefix || url.startsWith(prefix === "data:" ? prefix : `${prefix}/`));
}

/**
 * For a browser test file: the whole lab (as `npm start` runs it) and a browser, started before
 * the file's tests and stopped after them. Read `.lab` and `.browser` inside tests.
 */
export function labAndBrowser(env: Record<string, string> = {}): { lab: LabProcess; browser: TestBrowser } {
  const started = {} as { lab: LabProcess; browser: TestBrowser };
  beforeAll(async () => {
    [started.lab, started.browser] = await Promise.all([startLabProcess(env), launchBrowser()]);
    const plain = started.browser.newContext.bind(started.browser);
    let students = 0;
    started.browser.newContext = async (options) => {
      const context = await plain();
      const name = options?.join ?? `Student ${++students}`;
      if (name !== false) await joinClass(context, started.lab.base, name, env.LAB_CLASS_CODE);
      return context;
    };
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.lab?.stop();
  });
  return started;
}

/** Joins the class in a context as a student would, on the lab's join form. */
export async function joinClass(context: BrowserContext, base: string, name: string, classCode?: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(base);
  await page.fill("#join-name", name);
  if (classCode) await page.fill("#join-class-code", classCode);
  await page.click("button[type=submit]");
  await page.getByRole("button", { name: "Continue on another computer" }).waitFor();
  await page.close();
}

/** The page's "Your solution" editor once it has loaded (Monaco loads lazily, slowly on a busy machine). */
export async function loadedEditor(page: Page): Promise<Locator> {
  const editor = page.locator(".monaco-editor").first();
  await editor.waitFor({ timeout: 30_000 });
  return editor;
}

/** The lines the editor shows (Monaco draws spaces as non-breaking ones). */
export async function editorLines(page: Page): Promise<string> {
  return (await page.locator(".monaco-editor .view-lines").first().innerText()).replace(/\u00a0/g, " ");
}

/** The text in the page's editor (Monaco's model, exactly; not the rendered lines); null before Monaco has loaded. */
export function editorText(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    type Editor = { getValue(): string };
    const editors = (window as unknown as { monaco?: { editor: { getEditors(): Editor[] } } }).monaco?.editor.getEditors() ?? [];
    return editors[0]?.getValue() ?? null;
  });
}

/**
 * Replaces the text of the page's "Your solution" editor with `text`, pasted as a student would
 * (typed code would be auto-indented by the editor), and waits until the editor holds it: Monaco
 * applies a paste asynchronously, so a Run or Check pressed at once could still see the old text.
 */
export async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  const origin = new URL(page.url()).origin;
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await (await loadedEditor(page)).click();
  await page.keyboard.press("Control+A");
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press("Control+V");
  await page.waitForFunction((t) => {
    type Editor = { hasTextFocus(): boolean; getValue(): string };
    const editors = (window as unknown as { monaco?: { editor: { getEditors(): Editor[] } } }).monaco?.editor.getEditors() ?? [];
    return editors.some((e) => e.hasTextFocus() && e.getValue() === t);
  }, text);
}
