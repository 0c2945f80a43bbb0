// Plan throughput on the full-process test bed: a webhook-only server (WORKER=false) and N workers
// (PLAN_CONCURRENCY each) take `--plans` `issues.labeled` deliveries sent at once over several
// repositories, with a model that answers at once (or after `--model-ms`). Done when every issue has its
// plan, 🚀 and its labels as the configuration says (by default: `planned` only): the job's last writes.
// Reports plans per minute (to the plan posted and to the labels done), and the GitHub requests per plan:
// the writes (POST/PATCH/DELETE), those Probot's throttling spaces 1 s apart in its `octokit-write` group
// (every write, not the installation token, and not the settings query, which the app reads through a client
// without the spacing: src/github/unspaced-reader.ts) and those it also spaces 3 s apart in
// `octokit-notifications` (comments, issues and sub-issue links created). Both groups are keyed by
// installation and shared by all processes through Redis, so one installation's bound is
// min(60 / spaced, 20 / notifying) plans a minute. The measured gaps between those requests, per
// installation (told apart by their token), show the spacing is what sets the pace.
//
//   npx tsx bench/queue/throughput.ts [--plans 30] [--workers 2] [--concurrency 4] [--repos 5] [--model-ms 0]
//                                     [--installations 1] [--no-planned-label] [--keep-trigger-label]
//                                     [--output comment|body|sub-issues]
//   (writes bench/queue/results/throughput.json: each run is kept under its name, made of the options;
//   a run with the same options replaces it)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FAILURE_MARKER, PLAN_MARKER, STATUS_MARKER } from "../../src/plan/comment-markers.js";
import { deliver } from "../../test/bed/app-process.js";
import { appPlanComments, planComments, TestBed } from "../../test/bed/bed.js";
import type { FakeIssue, RecordedRequest } from "../../test/bed/fake-github.js";
import { labeledPayload } from "../../test/bed/payloads.js";
import { fixtureFiles } from "../../test/helpers/github-mocks.js";

const { values } = parseArgs({
  options: {
    plans: { type: "string", default: "30" },
    workers: { type: "string", default: "2" },
    concurrency: { type: "string", default: "4" },
    repos: { type: "string", default: "5" },
    "model-ms": { type: "string", default: "0" },
    installations: { type: "string", default: "1" },
    "no-planned-label": { type: "boolean", default: false },
    "keep-trigger-label": { type: "boolean", default: false },
    output: { type: "string", default: "comment" },
    "timeout-s": { type: "string", default: "600" },
  },
});
const plans = Number(values.plans);
const workers = Number(values.workers);
const concurrency = Number(values.concurrency);
const repoCount = Math.min(Number(values.repos), plans);
const modelMs = Number(values["model-ms"]);
const installations = Number(values.installations);
const plannedLabel = !values["no-planned-label"];
const removeTrigger = !values["keep-trigger-label"];
const output = values.output as "comment" | "body" | "sub-issues";
if (!["comment", "body", "sub-issues"].includes(output)) throw new Error(`unknown --output ${output}`);
const TRIGGER = "needs-plan";
const FIRST_INSTALLATION = 2;

const name = [
  `workers=${workers}`,
  `concurrency=${concurrency}`,
  `plans=${plans}`,
  `repos=${repoCount}`,
  `installations=${installations}`,
  `modelMs=${modelMs}`,
  ...(plannedLabel ? [] : ["planned=false"]),
  ...(removeTrigger ? [] : ["removeTrigger=false"]),
  ...(output === "comment" ? [] : [`output=${output}`]),
].join(" ");

const expectedLabels = [...(removeTrigger ? [] : [TRIGGER]), ...(plannedLabel ? ["planned"] : [])].join();
const config = [
  ...(plannedLabel && removeTrigger ? [] : ["labels:"]),
  ...(plannedLabel ? [] : ["  planned: false"]),
  ...(removeTrigger ? [] : ["  removeTrigger: false"]),
  ...(output === "comment" ? [] : ["plan:", `  output: ${output}`]),
].join("\n");

const bed = new TestBed();
await bed.start();
bed.openai.delayMs = modelMs;
try {
  const env = bed.env(`bench-throughput-${Date.now()}`, {
    WORKER: "false",
    PLAN_CONCURRENCY: String(concurrency),
    // The app's default: the bed's 2 s lock is for tests of dead workers, and a busy 2-core machine can
    // pause a process that long.
    JOB_LOCK_MS: "30000",
  });
  const server = await bed.process("server", env);
  const workerProcesses = await Promise.all(
    Array.from({ length: workers }, () => bed.process("worker", env)),
  );
  const files = { ...fixtureFiles(), ...(config ? { ".github/issue-planner.yml": `${config}\n` } : {}) };
  // `plans` issues spread over `repoCount` repositories, and the repositories over the installations.
  const targets = Array.from({ length: repoCount }, (_, index) => {
    const count = Math.floor(plans / repoCount) + (index < plans % repoCount ? 1 : 0);
    const { repo, issues } = bed.repo(files, count);
    return issues.map((issue) => ({
      repo,
      issue,
      installation: FIRST_INSTALLATION + (index % installations),
    }));
  }).flat();

  const from = bed.github.requests.length;
  const started = Date.now();
  const statuses = await Promise.all(
    targets.map(({ repo, issue, installation }) => {
      const payload = labeledPayload(repo, issue);
      (payload.installation as { id: number }).id = installation;
      return deliver(server.base, "issues", payload, `throughput-${repo.name}-${issue.number}`);
    }),
  );
  const deliveredMs = Date.now() - started;
  if (statuses.some((status) => status !== 200)) throw new Error(`webhooks answered ${statuses.join(",")}`);

  const planAt = new Map<(typeof targets)[number], number>();
  const labelsAt = new Map<(typeof targets)[number], number>();
  const deadline = started + Number(values["timeout-s"]) * 1000;
  while (labelsAt.size < targets.length) {
    if (Date.now() > deadline)
      throw new Error(`timed out: ${planAt.size} plans, ${labelsAt.size} with labels done of ${plans}`);
    const now = Date.now();
    for (const target of targets) {
      // A failure notice ends the run at once: that issue would never get its labels.
      const failure = target.issue.comments.find((comment) => comment.body.includes(FAILURE_MARKER));
      if (failure)
        throw new Error(`${target.repo.name}#${target.issue.number} got a failure notice: ${failure.body}`);
      if (!planAt.has(target) && planPosted(target.issue)) planAt.set(target, now);
      // The labels are the job's last writes, after 🚀 (which is the last when the labels stay as they are).
      const rocket = target.issue.reactions.some((reaction) => reaction.content === "rocket");
      if (
        planAt.has(target) &&
        !labelsAt.has(target) &&
        rocket &&
        target.issue.labels.join() === expectedLabels
      )
        labelsAt.set(target, now);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const wallToPlanMs = Math.max(...planAt.values()) - started;
  const wallToLabelsMs = Math.max(...labelsAt.values()) - started;
  const planTimes = [...planAt.values()].sort((a, b) => a - b);
  const firstPlanMs = (planTimes[0] ?? started) - started;

  const requests = bed.github.requests.slice(from);
  const writes = requests.filter((request) => request.method !== "GET" && request.method !== "HEAD");
  const isAuth = (request: RecordedRequest) => request.path.includes("/access_tokens");
  const isGraphql = (request: RecordedRequest) => request.path.startsWith("/api/graphql");
  const spaced = writes.filter((request) => !isAuth(request) && !isGraphql(request));
  const count = (match: (request: RecordedRequest) => boolean) => writes.filter(match).length;
  const byKind = {
    graphqlQueries: count(isGraphql),
    reactions: count((r) => r.method === "POST" && /\/reactions$/.test(r.path)),
    commentsCreated: count((r) => r.method === "POST" && /\/issues\/\d+\/comments$/.test(r.path)),
    commentsEdited: count((r) => r.method === "PATCH" && /\/issues\/comments\/\d+$/.test(r.path)),
    commentsDeleted: count((r) => r.method === "DELETE" && /\/issues\/comments\/\d+$/.test(r.path)),
    labelsRemoved: count((r) => r.method === "DELETE" && /\/labels\//.test(r.path)),
    labelsAdded: count((r) => r.method === "POST" && /\/issues\/\d+\/labels$/.test(r.path)),
    issueBodiesEdited: count((r) => r.method === "PATCH" && /\/issues\/\d+$/.test(r.path)),
    issuesCreated: count((r) => r.method === "POST" && /\/issues$/.test(r.path)),
    subIssuesLinked: count((r) => r.method === "POST" && /\/sub_issues$/.test(r.path)),
    installationTokens: count(isAuth),
  };
  const perPlan = (n: number) => Math.round((n / plans) * 100) / 100;
  const spacedPerPlan = spaced.length / plans;
  // Probot's `octokit-notifications` group (3 s): comments, issues and sub-issue links created.
  const notifying = spaced.filter(
    (r) => r.method === "POST" && /\/(comments|issues|sub_issues)$/.test(r.path),
  );
  const notifyingPerPlan = notifying.length / plans;

  const duplicates = targets
    .filter(({ issue }) =>
      output === "body"
        ? appPlanComments(issue).length !== 0 || !planPosted(issue)
        : appPlanComments(issue).length !== 1 || planComments(issue).length !== 1,
    )
    .map(({ repo, issue }) => `${repo.name}#${issue.number}`);
  const postedBy = workerProcesses.map((worker) => worker.logLines("plan posted").length);
  const retries = workerProcesses.reduce(
    (sum, worker) => sum + worker.logLines("plan attempt failed; retrying").length,
    0,
  );
  const perMinute = (n: number, ms: number) => Math.round((n / ms) * 60_000 * 10) / 10;
  const summary = {
    name,
    measuredAt: new Date().toISOString(),
    node: process.version,
    plans,
    workers,
    planConcurrency: concurrency,
    repositories: repoCount,
    installations,
    modelMs,
    labels: { planned: plannedLabel ? "planned" : false, removeTrigger },
    output,
    deliveredMs,
    firstPlanMs,
    wallToPlanMs,
    wallToLabelsMs,
    plansPerMinuteToPlan: perMinute(plans, wallToPlanMs),
    plansPerMinuteToLabels: perMinute(plans, wallToLabelsMs),
    // From the first plan posted to the last: the steady pace, without the first plan's own time.
    steadyPlansPerMinute:
      planTimes.length > 1
        ? perMinute(plans - 1, (planTimes.at(-1) as number) - (planTimes[0] as number))
        : 0,
    githubRequestsPerPlan: perPlan(requests.length),
    writeRequestsPerPlan: perPlan(spaced.length),
    spacedRequestsPerPlan: perPlan(spaced.length),
    notificationRequestsPerPlan: perPlan(notifying.length),
    // Per installation: one spaced request a second, one notifying request every 3 s.
    boundPlansPerMinute:
      Math.round(Math.min(60 / spacedPerPlan, 20 / notifyingPerPlan) * installations * 10) / 10,
    writesByKind: byKind,
    spacingMs: spacing(spaced),
    commentCreationSpacingMs: spacing(notifying),
    modelRequests: bed.openai.requests.length,
    plansPostedByWorker: postedBy,
    jobRetries: retries,
    issuesWithoutExactlyOnePlanComment: duplicates,
  };
  console.log(JSON.stringify(summary, null, 2));
  const out = new URL("./results/throughput.json", import.meta.url);
  const previous = existsSync(out)
    ? (JSON.parse(readFileSync(out, "utf8")) as { runs?: { name: string }[] })
    : {};
  const runs = [...(previous.runs ?? []).filter((run) => run.name !== name), summary];
  writeFileSync(out, `${JSON.stringify({ runs }, null, 2)}\n`);
} finally {
  await bed.stop();
}

/** The finished plan is there: a comment of the app's, or the app's section of the issue body. */
function planPosted(issue: FakeIssue): boolean {
  if (output !== "body") return planComments(issue).length >= 1;
  return issue.body.includes(PLAN_MARKER) && !issue.body.includes(STATUS_MARKER);
}

/** Gaps between consecutive requests of one installation (by its token), over all installations. */
function spacing(list: RecordedRequest[]) {
  const byToken = new Map<string, number[]>();
  for (const request of list) {
    const token = request.authorization ?? "none";
    byToken.set(token, [...(byToken.get(token) ?? []), request.at]);
  }
  const gaps = [...byToken.values()].flatMap((times) => {
    const sorted = [...times].sort((a, b) => a - b);
    return sorted.slice(1).map((at, index) => at - (sorted[index] as number));
  });
  gaps.sort((a, b) => a - b);
  if (gaps.length === 0) return {};
  return {
    min: gaps[0],
    median: gaps[Math.floor(gaps.length / 2)],
    mean: Math.round(gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length),
    max: gaps.at(-1),
    // Shorter than the 1 s spacing: a creation takes its write slot, then waits up to 3 s for its
    // notifications slot, and reaches GitHub next to a later write.
    under950: gaps.filter((gap) => gap < 950).length,
    gaps: gaps.length,
  };
}
