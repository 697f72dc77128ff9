// Debian's chromium, driven by playwright-core (never a downloaded browser), with the flags this
// kind of machine needs (playwright gives each launch a fresh profile directory). Records every request so tests can prove nothing leaves the lab.
import { chromium, type Browser, type BrowserContext } from "playwright-core";

const CHROMIUM = process.env.LAB_CHROMIUM ?? "/usr/bin/chromium";

export interface TestBrowser {
  browser: Browser;
  /** A new browser session (its own cookies): one student. */
  newContext(): Promise<BrowserContext>;
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
