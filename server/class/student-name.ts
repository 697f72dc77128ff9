// A student's name as the class sees it on the board: checked, tidied, and folded into a key under
// which two names that look alike to a person ("Anna" and "Аnna" with a Cyrillic А, "ANNA",
// "Ånna") are the same name, so no student can pass as another.

export const MAX_NAME_LENGTH = 40;

export type NameCheck = { ok: true; name: string; key: string } | { ok: false; message: string };

// Letters that look like Latin ones in common fonts (Cyrillic, Greek), and digits that pass for letters.
const LOOK_ALIKE: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", ѕ: "s", і: "i", ј: "j", ԁ: "d", һ: "h", ӏ: "l",
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ω: "w", ζ: "z",
  "0": "o", "1": "l", "3": "e", "5": "s", "|": "l",
};

/** Control, format (zero-width, bidi override), private-use and unassigned characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;

function scriptsOf(name: string): Set<string> {
  const found = new Set<string>();
  for (const ch of name) {
    if (/\p{Script=Latin}/u.test(ch)) found.add("Latin");
    else if (/\p{Script=Cyrillic}/u.test(ch)) found.add("Cyrillic");
    else if (/\p{Script=Greek}/u.test(ch)) found.add("Greek");
    else if (/\p{L}/u.test(ch)) found.add("other");
  }
  return found;
}

/** The folded form two names must not share: case, accents, spacing and look-alike letters removed. */
export function nameKey(name: string): string {
  let key = "";
  for (const ch of name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()) {
    if (/[\s._'’-]/u.test(ch)) continue;
    key += LOOK_ALIKE[ch] ?? ch;
  }
  // "rn" reads as "m", "vv" as "w", "i"/"l" alike in many fonts.
  return key.replace(/rn/g, "m").replace(/vv/g, "w").replace(/i/g, "l");
}

export function checkName(raw: string): NameCheck {
  if (INVISIBLE.test(raw)) {
    return { ok: false, message: "Your name contains an invisible or control character (perhaps pasted along with it): type it again by hand." };
  }
  const name = raw.normalize("NFC").trim().replace(/\s+/g, " ");
  if (name === "") return { ok: false, message: "Type your name to join the class (as your instructor will recognise it)." };
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) {
    return { ok: false, message: `Your name is ${length} characters long; at most ${MAX_NAME_LENGTH} fit on the class board. Shorten it (a first name and an initial will do).` };
  }
  if (!/\p{L}/u.test(name)) return { ok: false, message: "Your name needs at least one letter." };
  // Latin, Cyrillic and Greek share look-alike letters; other scripts beside Latin are fine ("李雷 Li").
  const alike = [...scriptsOf(name)].filter((s) => s !== "other");
  if (alike.length > 1) {
    return { ok: false, message: `Your name mixes letters from different alphabets (${alike.join(" and ")}), which can look like someone else's name: type it in one alphabet.` };
  }
  return { ok: true, name, key: nameKey(name) };
}
