import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two tiers. "unit": everything that needs no sandbox, no root and no browser (beside the code it
 * tests, plus the settings and content checks); `npm run test:unit` runs it in seconds, as any
 * user. "system": the real lab, the real sandbox (as root) and chromium, in tests/.
 * `npm test` runs both.
 */
const UNIT = ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts", "shared/**/*.test.ts", "tests/config/**/*.test.ts", "tests/content/**/*.test.ts", "tests/support/**/*.test.ts"];
/** Beside the code, but needing root or a real service: the class store's tests start PostgreSQL. */
const SYSTEM_BESIDE_CODE = ["server/store/**/*.test.ts"];

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
      { extends: true, test: { name: "system", include: ["tests/**/*.test.ts", ...SYSTEM_BESIDE_CODE], exclude: [...EXCLUDE, "tests/config/**", "tests/content/**", "tests/support/**"] } },
    ],
  },
});
