// 100 queued plan jobs while workers are killed at random (SIGKILL, as a crash or an evicted container) and
// replaced: every issue must end with exactly one plan comment. A webhook-only server takes the deliveries;
// three workers run the jobs; the fake model takes a second per answer, so kills land mid-job.
//
//   npx tsx bench/queue/killed-workers.ts [--jobs 100] [--kill-every-ms 30000]
//   (writes bench/queue/results/killed-workers.json)
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { AppProcess } from "../../test/bed/app-process.js";
import { deliver } from "../../test/bed/app-process.js";
import { appPlanComments, planComments, TestBed, waitUntil } from "../../test/bed/bed.js";
import { labeledPayload } from "../../test/bed/payloads.js";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "100" },
    "kill-every-ms": { type: "string", default: "30000" },
  },
});
const jobs = Number(values.jobs);
const killEveryMs = Number(values["kill-every-ms"]);
const bed = new TestBed();
await bed.start();
bed.openai.delayMs = 1_000;
const started = Date.now();
let kills = 0;
try {
  const env = bed.env("bench-kill", {
    WORKER: "false",
    PLAN_CONCURRENCY: "2",
    JOB_LOCK_MS: "5000",
    LOG_LEVEL: "info",
  });
  const server = await bed.process("server", env);
  const workers: AppProcess[] = await Promise.all([1, 2, 3].map(() => bed.process("worker", env)));
  const { repo, issues } = bed.repo(undefined, jobs);
  const statuses = await Promise.all(
    issues.map((issue) =>
      deliver(server.base, "issues", labeledPayload(repo, issue), `kill-${issue.number}`),
    ),
  );
  if (statuses.some((status) => status !== 200)) throw new Error(`webhooks answered ${statuses.join(",")}`);
  const done = () =>
    issues.every((issue) => planComments(issue).length >= 1 && issue.labels.join() === "planned");
  let stopKilling = false;
  const killer = (async () => {
    while (!stopKilling) {
      await new Promise((resolve) => setTimeout(resolve, killEveryMs * (0.5 + Math.random())));
      if (stopKilling || done()) break;
      const index = Math.floor(Math.random() * workers.length);
      const victim = workers[index] as AppProcess;
      await victim.stop("SIGKILL");
      kills += 1;
      console.log(
        `${Math.round((Date.now() - started) / 1000)} s: killed worker ${index}; ${issues.filter((issue) => planComments(issue).length > 0).length} plans so far`,
      );
      workers[index] = await bed.process("worker", env);
    }
  })();
  await waitUntil(done, 30 * 60_000, "every plan");
  stopKilling = true;
  await killer;
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const duplicates = issues
    .filter((issue) => appPlanComments(issue).length !== 1)
    .map((issue) => issue.number);
  const postedLines = bed.processes.reduce((sum, process) => sum + process.logLines("plan posted").length, 0);
  const summary = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    jobs,
    workers: 3,
    kills,
    plans: issues.filter((issue) => planComments(issue).length === 1).length,
    issuesWithoutExactlyOnePlanComment: duplicates,
    planPostedLogLines: postedLines,
    rerunsAfterPosting: postedLines - jobs,
    llmRequests: bed.openai.requests.length,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  console.log(JSON.stringify(summary, null, 2));
  writeFileSync(
    new URL("./results/killed-workers.json", import.meta.url),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
} finally {
  await bed.stop();
}
