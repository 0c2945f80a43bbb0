// End-to-end plan latency without the model's own time: from the signed webhook to the plan comment posted (and
// to the labels updated), with a fake model that answers at once, one plan after another on fresh issues of
// one repository (the first reads the repository, the rest find its commit cached). Stage times come from the
// process's /metrics.
//
//   npx tsx bench/queue/plan-latency.ts [--plans 10]   (writes bench/queue/results/plan-latency.json)
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { deliver } from "../../test/bed/app-process.js";
import { planComments, TestBed, waitUntil } from "../../test/bed/bed.js";
import { labeledPayload } from "../../test/bed/payloads.js";

const { values } = parseArgs({ options: { plans: { type: "string", default: "10" } } });
const count = Number(values.plans);
const bed = new TestBed();
await bed.start();
try {
  const runs: { issue: number; toPlanMs: number; toLabelsMs: number }[] = [];
  const results: Record<string, unknown> = {};
  for (const mode of ["redis", "in-process"] as const) {
    const server = await bed.process(
      "server",
      bed.env(`bench-latency-${mode}`, {
        PLAN_SETTLE_MS: "0",
        ...(mode === "in-process" ? { REDIS_URL: "" } : {}),
      }),
    );
    const { repo, issues } = bed.repo(undefined, count);
    runs.length = 0;
    for (const issue of issues) {
      const started = Date.now();
      const status = await deliver(
        server.base,
        "issues",
        labeledPayload(repo, issue),
        `latency-${mode}-${issue.number}`,
      );
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      await waitUntil(() => planComments(issue).length === 1, 60_000, "the plan");
      const toPlanMs = Date.now() - started;
      await waitUntil(() => issue.labels.join() === "planned", 60_000, "the labels");
      runs.push({ issue: issue.number, toPlanMs, toLabelsMs: Date.now() - started });
    }
    const metrics = await (await fetch(`${server.base}/metrics`)).text();
    const stage = (name: string) => {
      const sum = Number(
        new RegExp(`issue_planner_plan_stage_seconds_sum\\{stage="${name}"\\} ([\\d.e-]+)`).exec(
          metrics,
        )?.[1],
      );
      const n = Number(
        new RegExp(`issue_planner_plan_stage_seconds_count\\{stage="${name}"\\} (\\d+)`).exec(metrics)?.[1],
      );
      return Math.round((sum / n) * 1000);
    };
    const sorted = (key: "toPlanMs" | "toLabelsMs") => runs.map((run) => run[key]).sort((a, b) => a - b);
    const median = (values: number[]) => values[Math.floor(values.length / 2)] ?? 0;
    results[mode] = {
      plans: runs.length,
      firstToPlanMs: runs[0]?.toPlanMs,
      medianToPlanMs: median(sorted("toPlanMs")),
      medianToLabelsMs: median(sorted("toLabelsMs")),
      maxToPlanMs: sorted("toPlanMs").at(-1),
      meanStageMs: Object.fromEntries(
        ["snapshot", "context", "llm", "validation", "post"].map((name) => [name, stage(name)]),
      ),
      runs: [...runs],
    };
    console.log(mode, JSON.stringify({ ...(results[mode] as object), runs: undefined }));
    await server.stop();
  }
  writeFileSync(
    new URL("./results/plan-latency.json", import.meta.url),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, ...results }, null, 2)}\n`,
  );
} finally {
  await bed.stop();
}
