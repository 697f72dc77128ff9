import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", ".next-no-reference/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real sandboxes and browsers on a 2-core machine: two files at a time is plenty.
    maxWorkers: 2,
  },
});
