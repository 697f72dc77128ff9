// loadMonaco against a minimal fake browser: one loader script for any number of callers, the
// lab's own paths, and a failed load forgotten so a later call tries again.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

interface FakeScript {
  src: string;
  async: boolean;
  dataset: Record<string, string>;
  onload?: () => void;
  onerror?: () => void;
  remove(): void;
}

let scripts: FakeScript[];
let configured: unknown[];
let requested: string[][];

function installFakeBrowser() {
  scripts = [];
  configured = [];
  requested = [];
  const fakeWindow: Record<string, unknown> = {};
  const amdRequire = Object.assign(
    (deps: string[], onLoad: () => void) => {
      requested.push(deps);
      fakeWindow.monaco = { editor: { defineTheme: vi.fn() } };
      queueMicrotask(onLoad);
    },
    { config: (options: unknown) => configured.push(options) },
  );
  const document = {
    documentElement: {},
    createElement: (): FakeScript => ({ src: "", async: false, dataset: {}, remove() {} }),
    head: { appendChild: (script: FakeScript) => scripts.push(script) },
  };
  vi.stubGlobal("window", fakeWindow);
  vi.stubGlobal("document", document);
  vi.stubGlobal("getComputedStyle", () => ({ getPropertyValue: () => "#ffffff", fontSize: "16px" }));
  return { fakeWindow, amdRequire };
}

describe("loadMonaco", () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it("adds one loader script from /monaco/vs for every caller, and configures the lab's own path", async () => {
    const { fakeWindow, amdRequire } = installFakeBrowser();
    const { loadMonaco } = await import("./load-monaco");
    const first = loadMonaco();
    const second = loadMonaco();
    expect(scripts).toHaveLength(1);
    expect(scripts[0].src).toBe("/monaco/vs/loader.js");
    fakeWindow.require = amdRequire;
    scripts[0].onload!();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(configured).toEqual([{ paths: { vs: "/monaco/vs" } }]);
    expect(requested).toEqual([["vs/editor/editor.main"]]);
    expect(a.editor.defineTheme).toHaveBeenCalledWith("chat-server-lab", expect.objectContaining({ base: "vs" }));
    // Loaded: later callers get it at once, with no new script.
    await loadMonaco();
    expect(scripts).toHaveLength(1);
  });

  it("forgets a failed load, so the next call tries again", async () => {
    const { fakeWindow, amdRequire } = installFakeBrowser();
    const { loadMonaco } = await import("./load-monaco");
    const failed = loadMonaco();
    scripts[0].onerror!();
    await expect(failed).rejects.toThrow(/could not fetch \/monaco\/vs\/loader.js/);
    const again = loadMonaco();
    expect(scripts).toHaveLength(2);
    fakeWindow.require = amdRequire;
    scripts[1].onload!();
    await expect(again).resolves.toBeDefined();
  });

  it("refuses on the server instead of touching a DOM", async () => {
    const { loadMonaco } = await import("./load-monaco");
    await expect(loadMonaco()).rejects.toThrow(/only in the browser/);
  });
});
