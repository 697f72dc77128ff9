import { describe, expect, it } from "vitest";
import { memoryStorage } from "@/app/drafts/test-storage";
import { DEFAULT_LAYOUT, readLayout, writeLayout } from "./pane-layout";

describe("the workbench's remembered layout", () => {
  it("starts with every pane open but 'Inside the server', which is folded to its strip", () => {
    expect(readLayout(memoryStorage())).toEqual(DEFAULT_LAYOUT);
    expect(DEFAULT_LAYOUT.folded.inside).toBe(true);
  });

  it("gives back what was written, 'Inside the server' open or folded with the rest", () => {
    const storage = memoryStorage();
    const layout = { text: 0.4, top: 0.5, folded: { text: true, top: false, bottom: false, inside: false } };
    writeLayout(storage, layout);
    expect(readLayout(storage)).toEqual(layout);
  });

  it("takes whether 'Inside the server' was open from the key it used before it joined the layout", () => {
    const storage = memoryStorage();
    storage.setItem("lab.workbench.v1", JSON.stringify({ text: 0.3, top: 0.5, folded: { text: false, top: true, bottom: false } }));
    storage.setItem("lab.inside.open", "1");
    expect(readLayout(storage)).toEqual({ text: 0.3, top: 0.5, folded: { text: false, top: true, bottom: false, inside: false } });
    storage.setItem("lab.inside.open", "0");
    expect(readLayout(storage).folded.inside).toBe(true);
  });

  it("ignores a layout it cannot read", () => {
    const storage = memoryStorage();
    storage.setItem("lab.workbench.v1", JSON.stringify({ text: 5, top: 0.5, folded: {} }));
    expect(readLayout(storage)).toEqual(DEFAULT_LAYOUT);
    storage.setItem("lab.workbench.v1", "{oops");
    expect(readLayout(storage)).toEqual(DEFAULT_LAYOUT);
  });
});
