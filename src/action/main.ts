// Process entry of the GitHub Action (bundled into dist/action/index.mjs): plans the issue of the event that
// started the run, then reports to the runner (annotations, step outputs, job summary); exits 1 when the plan or
// the setup failed.
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { type ActionSettings, type RunnerFiles, readActionSettings, runnerFiles } from "./action-inputs.js";
import { createActionLogger } from "./action-logger.js";
import { FailedRequests } from "./failed-requests.js";
import { type RequestContext, type RunEnd, type RunReport, reportRun } from "./report-run.js";
import { runAction } from "./run-action.js";
import { appendSummary, writeOutputs, writeTextFile } from "./runner-files.js";
import { annotate } from "./workflow-commands.js";

async function main(): Promise<number> {
  const failures = new FailedRequests();
  // Octokit and the OpenAI SDK look up the global fetch on each request: every failed one is remembered, so an
  // error line can name it.
  globalThis.fetch = failures.wrap(globalThis.fetch);
  const log = createActionLogger(process.env);
  const { end, settings } = await runToEnd(process.env, log);
  const report = reportRun(end, requestContext(settings, failures));
  for (const line of report.commands) process.stdout.write(line);
  try {
    await writeToRunner(report, runnerFiles(process.env));
  } catch (error) {
    annotate("error", `issue-planner could not write the step's outputs: ${(error as Error).message}`);
    return 1;
  }
  return report.result === "failed" ? 1 : 0;
}

async function runToEnd(
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<{ end: RunEnd; settings?: ActionSettings }> {
  let settings: ActionSettings | undefined;
  try {
    settings = readActionSettings(env);
    return { end: await runAction(settings, log), settings };
  } catch (error) {
    return { end: { kind: "error", error }, ...(settings ? { settings } : {}) };
  }
}

function requestContext(settings: ActionSettings | undefined, failures: FailedRequests): RequestContext {
  const host = (url: string) => new URL(url).host;
  return {
    failures,
    githubHost: host(settings?.apiUrl ?? "https://api.github.com"),
    providerHost: host(settings?.appEnv.OPENAI_BASE_URL || "https://api.openai.com/v1"),
  };
}

/** The outputs (the plan as a file, for steps that read it) and the summary; nothing outside a runner. */
async function writeToRunner(report: RunReport, files: RunnerFiles): Promise<void> {
  let planPath = "";
  if (report.plan !== undefined && files.output) {
    planPath = join(await mkdtemp(join(files.temp, "issue-planner-")), "plan.md");
    await writeTextFile(planPath, report.plan);
  }
  await writeOutputs(files.output, {
    result: report.result,
    "comment-url": report.commentUrl ?? "",
    "comment-id": report.commentId === undefined ? "" : String(report.commentId),
    plan: planPath,
  });
  await appendSummary(files.summary, report.summary);
}

process.exitCode = await main();
