// Two suites, each one command: `npm test` runs the fast project, `npm run test:slow` the slow one.
// fast: unit and contract tests and in-process CLI tests; servers only in-process (nock, the fake GitHub and
//   OpenAI servers), no child process in a test file; a developer runs it every few minutes. Its Redis tests share
//   one redis-server that the suite's global setup starts on a spare port (test/helpers/redis-global-setup.ts).
// slow: everything that starts a process or replays the container: the full-process scenarios (test/e2e), the
//   Docker replay, the Action bundle run as the runner runs it, and the CLI's real entry point (*.process.test.ts).
// test/suites.test.ts fails when a test outside the slow suite starts a process.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const SLOW_DIRS = ["test/e2e/"];
const SLOW_SUFFIX = ".process.test.ts";
// Named before the *.process.test.ts convention (and cited by the README under these names).
const SLOW_FILES = ["test/docker/dockerfile.test.ts", "test/action/action-bundle.test.ts"];

/** Whether a test file (path from the project root) belongs to the slow suite. */
export function isSlowTest(file: string): boolean {
  return (
    SLOW_DIRS.some((dir) => file.startsWith(dir)) || file.endsWith(SLOW_SUFFIX) || SLOW_FILES.includes(file)
  );
}

const cpus = availableParallelism();

const slow = [...SLOW_DIRS.map((dir) => `${dir}**/*.test.ts`), `test/**/*${SLOW_SUFFIX}`, ...SLOW_FILES];

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // nock patches the process's HTTP stack: keep each file in its own worker.
    pool: "forks",
    reporters: ["default", "./test/helpers/plain-summary-reporter.ts"],
    projects: [
      {
        extends: true,
        // vitest's default is one worker fewer than the cores: a single one on a two-core machine.
        test: {
          name: "fast",
          include: ["test/**/*.test.ts"],
          exclude: slow,
          maxWorkers: cpus,
          globalSetup: ["test/helpers/redis-global-setup.ts"],
        },
      },
      {
        extends: true,
        // One file at a time: its processes have the machine to themselves, so their timings hold.
        test: { name: "slow", include: slow, maxWorkers: 1 },
      },
    ],
  },
});
