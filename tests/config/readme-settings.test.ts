// README.md's settings table is what an instructor reads: it lists every setting the schema has,
// no other, each with the schema's default where the README gives one as a value.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { settings, type SettingName } from "../../server/config";

const README = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");

function settingsTable(): { names: string[]; defaults: string[] }[] {
  const section = README.split(/^### Settings$/m)[1]?.split(/^#/m)[0] ?? "";
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [names, defaults] = line.split("|").slice(1, 3);
      return { names: ticked(names), defaults: ticked(defaults) };
    });
}

it("README.md lists every setting of server/config.ts, and nothing else", () => {
  const listed = settingsTable().flatMap((row) => row.names);
  expect([...listed].sort()).toEqual(Object.keys(settings).sort());
});

it("the defaults README.md gives are the schema's", () => {
  let compared = 0;
  for (const row of settingsTable()) {
    if (row.names.length !== row.defaults.length) continue;
    row.names.forEach((name, i) => {
      const value = settings[name as SettingName].parse(undefined);
      if (value === undefined || Array.isArray(value)) return;
      const shown = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
      expect(row.defaults[i], name).toBe(shown);
      compared++;
    });
  }
  expect(compared).toBeGreaterThan(15);
});
