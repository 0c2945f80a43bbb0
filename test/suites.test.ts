// Keeps `npm test` fast: a test file outside the slow suite (see vitest.config.ts) that starts a process, or the
// app as one, fails here by name. Running `git` in-process (execFileSync) for a quick fixture is allowed.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { isSlowTest } from "../vitest.config.js";

const root = new URL("../", import.meta.url).pathname;

const STARTS_A_PROCESS = [
  /\b(?:spawn|spawnSync|fork|execFile)\(/,
  /process\.execPath/,
  /\bnew (?:AppProcess|TestBed|OwnRedis)\b/,
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [relative(root, path)] : [];
  });
}

describe("the two test suites", () => {
  it("starts no process in a fast test file", () => {
    const offenders = testFiles(join(root, "test"))
      .filter((file) => !isSlowTest(file))
      .filter((file) => {
        const text = readFileSync(join(root, file), "utf8");
        return STARTS_A_PROCESS.some((pattern) => pattern.test(text));
      });
    // Move each to the slow suite (name it *.process.test.ts), or call the code in-process.
    expect(offenders).toEqual([]);
  });

  it("puts the full-process scenarios, the Docker replay and the Action bundle in the slow suite", () => {
    for (const file of [
      "test/e2e/test-bed.test.ts",
      "test/docker/dockerfile.test.ts",
      "test/action/action-bundle.test.ts",
      "test/cli/lint-plan.process.test.ts",
    ])
      expect(isSlowTest(file), file).toBe(true);
    expect(isSlowTest("test/cli/lint-plan.test.ts")).toBe(false);
  });
});
