// 100 queued plan jobs while workers are killed (SIGKILL, as an out-of-memory kill or a lost node does) and
// replaced; every other kill lands in the middle of one of the victim's model calls. Every issue must end with
// exactly one plan comment, and no issue may wait for a dead worker longer than JOB_LOCK_MS + 10 s: everything a
// worker holds (its job's lock, the issue's running record, its model slots, Probot's write-spacing slot) lapses.
//
//   npx tsx bench/queue/killed-workers.ts [--jobs 100] [--kill-every-ms 20000] [--job-lock-ms 10000]
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
    "kill-every-ms": { type: "string", default: "20000" },
    "job-lock-ms": { type: "string", default: "10000" },
  },
});
const jobs = Number(values.jobs);
const killEveryMs = Number(values["kill-every-ms"]);
const jobLockMs = Number(values["job-lock-ms"]);
const MODEL_MS = 2_000;

interface Kill {
  at: number;
  victim: AppProcess;
  midModelCall: boolean;
}

const bed = new TestBed();
await bed.start();
bed.openai.delayMs = MODEL_MS;
const started = Date.now();
const kills: Kill[] = [];
try {
  const env = bed.env("bench-kill", {
    WORKER: "false",
    PLAN_CONCURRENCY: "2",
    JOB_LOCK_MS: String(jobLockMs),
    LOG_LEVEL: "info",
  });
  const server = await bed.process("server", env);
  let generation = 0;
  const startWorker = async (index: number) => {
    generation += 1;
    const tag = `w${index}-${generation}`;
    return {
      tag,
      process: await bed.process("worker", { ...env, OPENAI_BASE_URL: bed.openai.baseUrlFor(tag) }),
    };
  };
  const workers = await Promise.all([0, 1, 2].map(startWorker));
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
      const victim = workers[index] as { tag: string; process: AppProcess };
      // Every other kill waits (up to 15 s) for the victim to be in the middle of a model call.
      const aimed = kills.length % 2 === 0;
      const deadline = Date.now() + 15_000;
      while (aimed && (bed.openai.inFlight.get(victim.tag) ?? 0) === 0 && Date.now() < deadline && !done())
        await new Promise((resolve) => setTimeout(resolve, 20));
      const midModelCall = (bed.openai.inFlight.get(victim.tag) ?? 0) > 0;
      const at = Date.now();
      await victim.process.stop("SIGKILL");
      kills.push({ at, victim: victim.process, midModelCall });
      console.log(
        `${Math.round((at - started) / 1000)} s: killed worker ${index}${midModelCall ? " in a model call" : ""}; ${issues.filter((issue) => planComments(issue).length > 0).length} plans so far`,
      );
      workers[index] = await startWorker(index);
    }
  })();
  await waitUntil(done, 60 * 60_000, "every plan");
  stopKilling = true;
  await killer;
  const duplicates = issues
    .filter((issue) => appPlanComments(issue).length !== 1)
    .map((issue) => issue.number);
  const postedLines = bed.processes.reduce((sum, app) => sum + app.logLines("plan posted").length, 0);
  const waits = waitsAfterKills(kills, bed.processes);
  const summary = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    jobs,
    workers: 3,
    jobLockMs,
    modelMs: MODEL_MS,
    kills: kills.length,
    killsInModelCalls: kills.filter((kill) => kill.midModelCall).length,
    jobsInterruptedByKills: waits.length,
    plans: issues.filter((issue) => planComments(issue).length === 1).length,
    issuesWithoutExactlyOnePlanComment: duplicates,
    planPostedLogLines: postedLines,
    rerunsAfterPosting: postedLines - jobs,
    llmRequests: bed.openai.requests.length,
    longestReleaseMs: Math.max(0, ...waits.map((wait) => wait.releaseMs)),
    longestTakeoverMs: Math.max(0, ...waits.map((wait) => wait.takeoverMs)),
    takeovers: waits,
    longestWaitBeyondOwnPlanMs: Math.max(0, ...waits.map((wait) => wait.beyondOwnPlanMs)),
    medianWaitBeyondOwnPlanMs: median(waits.map((wait) => wait.beyondOwnPlanMs)),
    waitsOverTarget: waits.filter((wait) => wait.beyondOwnPlanMs > jobLockMs + 10_000).length,
    // From the job's release (back to waiting) to its resumption: how long a released job waited for a slot.
    longestReleaseToResumeMs: Math.max(0, ...waits.map((wait) => wait.resumedMs - wait.releaseMs)),
    medianReleaseToResumeMs: median(waits.map((wait) => wait.resumedMs - wait.releaseMs)),
    longestPauseBetweenGitHubWritesMs: longestWritePause(),
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

type Line = Record<string, unknown> & { time: number; issue: number };

/**
 * For each job a kill interrupted (its issue was being planned by the victim): how long until its holds lapsed and
 * the job went back to the queue (BullMQ's stalled event), until another worker started it again, and from the
 * kill until its plan was posted, less the posting attempt's own time (which starts when the job resumes, before
 * its installation token is fetched). When the restarted attempt was itself interrupted by a later kill, this
 * kill's wait ends where that attempt's own time began, at its resumption: the later kill counts its own.
 */
function waitsAfterKills(all: Kill[], processes: AppProcess[]) {
  const lines = (app: AppProcess, message: string) => app.logLines(message) as Line[];
  const interruptedBy = new Map(
    all.map((kill) => {
      const ended = new Set(
        ["plan posted", "plan job will be retried", "plan job failed on its last attempt"].flatMap(
          (message) => lines(kill.victim, message).map((line) => line.issue),
        ),
      );
      // A job the victim was running: planning it, or resumed after a takeover and not yet that far (a resumed job
      // reads its settings and checks the trigger first; a kill then interrupts it too).
      const planning = lines(kill.victim, "planning issue")
        .filter((line) => line.time <= kill.at)
        .map((line) => line.issue);
      const resumed = lines(kill.victim, "a plan job taken over resumes")
        .filter((line) => line.time <= kill.at)
        .map((line) => issueOfJob(String(line.jobId)));
      const running = [...planning, ...resumed].filter((issue) => !ended.has(issue));
      return [kill, new Set(running)] as const;
    }),
  );
  const first = (candidates: Line[]) => candidates.sort((a, b) => a.time - b.time)[0];
  return all.flatMap((kill) => {
    const others = processes.filter((app) => app !== kill.victim);
    return [...(interruptedBy.get(kill) ?? [])].flatMap((issue) => {
      const released = first(
        others
          .flatMap((app) => lines(app, "a worker stopped answering: its plan job is taken over"))
          .filter((line) => String(line.jobId).includes(`#${issue}~`) && line.time > kill.at),
      );
      const resumed = first(
        others
          .flatMap((app) => lines(app, "a plan job taken over resumes"))
          .filter((line) => String(line.jobId).includes(`#${issue}~`) && line.time > kill.at),
      );
      const restart = first(
        others
          .flatMap((app) => lines(app, "planning issue"))
          .filter((line) => line.issue === issue && line.time > kill.at),
      );
      const posted = first(
        others
          .flatMap((app) => lines(app, "plan posted"))
          .filter((line) => line.issue === issue && line.time > kill.at),
      );
      if (!restart || !posted) return [];
      const killedAgain = all.some(
        (later) => later.at > restart.time && later.at < posted.time && interruptedBy.get(later)?.has(issue),
      );
      return [
        {
          issue,
          releaseMs: (released?.time ?? restart.time) - kill.at,
          resumedMs: (resumed?.time ?? restart.time) - kill.at,
          takeoverMs: restart.time - kill.at,
          killedAgain,
          beyondOwnPlanMs: killedAgain
            ? (resumed?.time ?? restart.time) - kill.at
            : posted.time - kill.at - Number(posted.ms ?? 0),
        },
      ];
    });
  });
}

/** The issue number in a job id (`owner/repo#12~delivery`). */
function issueOfJob(jobId: string): number {
  return Number(/#(\d+)~/.exec(jobId)?.[1]);
}

/** The longest time GitHub saw no write from the app while plans were still being made. */
function longestWritePause(): number {
  const writes = bed.github.requests
    .filter((request) => request.method !== "GET" && !request.path.includes("/access_tokens"))
    .map((request) => request.at)
    .sort((a, b) => a - b);
  let longest = 0;
  for (let index = 1; index < writes.length; index += 1)
    longest = Math.max(longest, (writes[index] ?? 0) - (writes[index - 1] ?? 0));
  return longest;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
