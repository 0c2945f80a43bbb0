import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // nock patches the process's HTTP stack: keep each file in its own worker.
    pool: "forks",
    reporters: ["default", "./test/helpers/plain-summary-reporter.ts"],
  },
});
