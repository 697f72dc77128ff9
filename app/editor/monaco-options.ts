// Editor settings shared by the solution editor and the diff editor, chosen so Monaco's lines sit
// exactly where the server-rendered listing's lines were (0.85rem text, 1.5 line height, 0.6rem
// padding): when Monaco replaces the placeholder, nothing moves.
import type { Monaco } from "./load-monaco";

type EditorOptions = Parameters<Monaco["editor"]["create"]>[1] & Parameters<Monaco["editor"]["createDiffEditor"]>[1];

const FALLBACK_MONO = 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';

export function sharedOptions(): NonNullable<EditorOptions> {
  const root = getComputedStyle(document.documentElement);
  const rem = parseFloat(root.fontSize) || 16;
  const fontSize = 0.85 * rem;
  return {
    theme: LAB_THEME,
    fontFamily: root.getPropertyValue("--mono").trim() || FALLBACK_MONO,
    fontSize,
    lineHeight: fontSize * 1.5,
    padding: { top: 0.6 * rem, bottom: 0.6 * rem },
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    // Menus and hovers may overflow the editor's box instead of being cut off by it.
    fixedOverflowWidgets: true,
    tabSize: 4,
    insertSpaces: true,
    renderWhitespace: "selection",
    // A narrow gutter, like the listing's, so the code starts about where it did.
    lineNumbersMinChars: 3,
  };
}

export const LAB_THEME = "chat-server-lab";

/** Monaco's light theme on the lab's own code and gutter colours (app/globals.css). */
export function defineLabTheme(monaco: Monaco): void {
  const root = getComputedStyle(document.documentElement);
  const colour = (name: string, fallback: string) => {
    const value = root.getPropertyValue(name).trim();
    return /^#[0-9a-f]{6}$/i.test(value) ? value : fallback;
  };
  monaco.editor.defineTheme(LAB_THEME, {
    base: "vs",
    inherit: true,
    rules: [],
    colors: {
      "editor.background": colour("--code-bg", "#fbfbfc"),
      "editorGutter.background": colour("--panel", "#f6f7f9"),
    },
  });
}
