// Prints plain closing lines that any CI log reader understands, without the colour codes of vitest's own
// summary: the slowest files (where to look when the suite gets slow), the counts, and the run's wall time.
import type { Reporter, TestModule } from "vitest/node";

const SLOWEST_SHOWN = 5;

export default class PlainSummaryReporter implements Reporter {
  #startedAt = performance.now();

  onTestRunStart(): void {
    this.#startedAt = performance.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failed += 1;
        else skipped += 1;
      }
      // A file that failed to load has no tests but must still count as a failure.
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed += 1;
    }
    const slowest = [...testModules]
      .map((module) => ({ file: module.relativeModuleId, ms: module.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST_SHOWN)
      .map(({ file, ms }) => `  ${seconds(ms).padStart(7)}  ${file}`);
    const wall = seconds(performance.now() - this.#startedAt);
    process.stdout.write(
      `\nslowest files (time in tests and hooks):\n${slowest.join("\n")}\n` +
        `tests: ${passed} passed, ${failed} failed, ${skipped} skipped\nwall time: ${wall}\n`,
    );
  }
}

function seconds(ms: number): string {
  return `${(ms / 1_000).toFixed(1)} s`;
}
