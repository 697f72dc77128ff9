import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two tiers. "unit": everything that needs no sandbox, no root and no browser (beside the code it
 * tests, plus the settings and content checks); `npm run test:unit` runs it in seconds, as any
 * user. "system": the real lab, the real sandbox (as root) and chromium, in tests/.
 * `npm test` runs both.
 */
const UNIT = ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts", "shared/**/*.test.ts", "tests/config/**/*.test.ts", "tests/content/**/*.test.ts", "tests/support/**/*.test.ts"];
/** Beside the code, but needing root or a real service: the class store's tests start PostgreSQL, the sandbox's start runs. */
const SYSTEM_BESIDE_CODE = ["server/store/**/*.test.ts", "server/sandbox/**/*.test.ts"];

const EXCLUDE = ["node_modules/**", ".next/**", ".next-no-reference/**"];

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real sandboxes and browsers on a 2-core machine: two files at a time is plenty.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: UNIT, exclude: [...EXCLUDE, ...SYSTEM_BESIDE_CODE] } },
      // A system test that fails is run once more before it counts: several measure a real program
      // on a shared 2-core machine (a check's slow reader, a stress round) and have failed once in a
      // loaded run while passing alone. One that fails twice fails; none of their assertions is loosened.
      { extends: true, test: { name: "system", retry: 1, include: ["tests/**/*.test.ts", ...SYSTEM_BESIDE_CODE], exclude: [...EXCLUDE, "tests/config/**", "tests/content/**", "tests/support/**"] } },
    ],
  },
});
