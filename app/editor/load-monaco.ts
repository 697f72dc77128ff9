// Loads Monaco from the lab itself (/monaco/vs, copied there by scripts/copy-monaco.mjs), and only
// when an editor or diff editor is shown: it is never part of a page's first-load JavaScript, and
// no request leaves the lab's origin (classrooms often have no internet).
//
// monaco-editor 0.57's min build is AMD: loader.js, then vs/editor/editor.main, which adds its own
// stylesheet (vs/editor/editor.main.css) and sets self.MonacoEnvironment.getWorker itself. Its
// workers are same-origin files (vs/assets/editor.worker-<hash>.js) started through a small blob:
// bootstrap that importScripts them, so there is no worker file name for us to configure; any
// MonacoEnvironment set before loading would be overwritten. Languages (Python) load on demand
// from /monaco/vs as well.
import type * as MonacoApi from "monaco-editor";
import { defineLabTheme } from "./monaco-options";

export type Monaco = typeof MonacoApi;

/** Where the copied min/vs tree is served (public/monaco/vs). */
const MONACO_BASE = "/monaco/vs";

interface AmdRequire {
  (deps: string[], onLoad: (...modules: unknown[]) => void, onError: (error: unknown) => void): void;
  config(options: { paths: Record<string, string> }): void;
}
// Not `Window &`: @types/node declares a global require of its own.
type MonacoWindow = { require?: AmdRequire; monaco?: Monaco };

let loading: Promise<Monaco> | null = null;

function addLoaderScript(): Promise<AmdRequire> {
  const w = window as unknown as MonacoWindow;
  if (w.require?.config) return Promise.resolve(w.require);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${MONACO_BASE}/loader.js`;
    script.async = true;
    script.dataset.labMonaco = "loader";
    script.onload = () => (w.require?.config ? resolve(w.require) : reject(new Error("the editor's loader did not start")));
    script.onerror = () => {
      script.remove(); // so a later attempt adds a fresh one
      reject(new Error(`could not fetch ${script.src}`));
    };
    document.head.appendChild(script);
  });
}

/**
 * The monaco namespace, loaded once per page (every caller shares one promise). A failed load
 * (say, the lab restarting at that moment) is forgotten, so the next call tries again.
 */
export function loadMonaco(): Promise<Monaco> {
  if (typeof window === "undefined") return Promise.reject(new Error("Monaco loads only in the browser"));
  const w = window as unknown as MonacoWindow;
  if (w.monaco) {
    defineLabTheme(w.monaco); // idempotent; Monaco may have been loaded by other means
    return Promise.resolve(w.monaco);
  }
  loading ??= addLoaderScript()
    .then(
      (amdRequire) =>
        new Promise<Monaco>((resolve, reject) => {
          amdRequire.config({ paths: { vs: MONACO_BASE } });
          amdRequire(
            ["vs/editor/editor.main"],
            () => {
              if (!w.monaco) return reject(new Error("the editor loaded without its API"));
              defineLabTheme(w.monaco);
              resolve(w.monaco);
            },
            (error) => reject(error instanceof Error ? error : new Error(String(error))),
          );
        }),
    )
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
