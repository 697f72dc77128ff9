import { describe, expect, it } from "vitest";
import { checkName, nameKey } from "./student-name";

describe("a student's name", () => {
  it("is tidied: spaces trimmed and collapsed", () => {
    expect(checkName("  Ada   Lovelace ")).toMatchObject({ ok: true, name: "Ada Lovelace" });
  });

  it("refuses empty, too long, control-character and letterless names with a clear message", () => {
    expect(checkName("   ")).toMatchObject({ ok: false, message: expect.stringMatching(/Type your name/) });
    expect(checkName("x".repeat(41))).toMatchObject({ ok: false, message: expect.stringMatching(/41 characters long; at most 40/) });
    expect(checkName("x".repeat(40)).ok).toBe(true);
    expect(checkName("Ada\u0007")).toMatchObject({ ok: false, message: expect.stringMatching(/control character/) });
    expect(checkName("Ada\u200bLovelace")).toMatchObject({ ok: false, message: expect.stringMatching(/invisible/) });
    expect(checkName("Ada\u202eecalevoL")).toMatchObject({ ok: false });
    expect(checkName("42")).toMatchObject({ ok: false, message: expect.stringMatching(/at least one letter/) });
  });

  it("refuses a name mixing alphabets (a Cyrillic а inside a Latin name)", () => {
    expect(checkName("\u0430nna")).toMatchObject({ ok: false, message: expect.stringMatching(/Latin and Cyrillic|Cyrillic and Latin/) });
    expect(checkName("Анна").ok).toBe(true);
    expect(checkName("李雷 Li").ok).toBe(true);
  });

  it("folds look-alike names to one key", () => {
    const key = nameKey("Anna");
    for (const other of ["anna", "ANNA", "Ånna", "Anna.", "An na", "Аnnа".normalize()]) expect(nameKey(other), other).toBe(key);
    expect(nameKey("Wim")).toBe(nameKey("VVim"));
    expect(nameKey("Bill")).toBe(nameKey("B1ll"));
    expect(nameKey("Anna")).not.toBe(nameKey("Anne"));
  });
});
