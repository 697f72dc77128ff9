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
    // Monaco draws the number of an empty last line faintly, below a readable contrast.
    renderFinalNewline: "on",
  };
}

const LAB_THEME = "chat-server-lab";

/**
 * Monaco's light theme on the lab's own code and gutter colours (app/globals.css), and the same
 * token colours as the server-rendered listing (app/programs/highlight.css): the swap from listing to
 * editor changes nothing, and every colour keeps a 4.5:1 contrast (Monaco's own green for numbers
 * falls just short on this background).
 */
export function defineLabTheme(monaco: Monaco): void {
  const root = getComputedStyle(document.documentElement);
  const colour = (name: string, fallback: string) => {
    const value = root.getPropertyValue(name).trim();
    return /^#[0-9a-f]{6}$/i.test(value) ? value : fallback;
  };
  monaco.editor.defineTheme(LAB_THEME, {
    base: "vs",
    inherit: true,
    rules: [
      { token: "keyword", foreground: "7b2c9a", fontStyle: "bold" },
      { token: "string", foreground: "1a6b32" },
      { token: "number", foreground: "a34a00" },
      { token: "comment", foreground: "6a737d", fontStyle: "italic" },
    ],
    colors: {
      "editor.background": colour("--code-bg", "#fbfbfc"),
      "editorGutter.background": colour("--panel", "#f6f7f9"),
    },
  });
}
