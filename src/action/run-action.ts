// The GitHub Action: the app function, unchanged, on Probot 14 with the workflow's token, for the one event that
// started the run. The run waits for the plan job and reports how it ended, so a failed plan fails the run
// (Probot's stock Actions adapter acknowledges the event and passes whatever the job did).
import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import { Probot } from "probot";
import { z } from "zod";
import { createApp } from "../app.js";
import { EnvError, readEnv } from "../config/env.js";
import { botAuthor } from "../github/own-author.js";
import type { PlanRequest } from "../jobs/plan-request.js";
import type { JobOutcome } from "../jobs/run-plan.js";
import { createLlmClient } from "../llm/create-llm-client.js";
import { ProviderSettingsError } from "../llm/provider-profile.js";
import { createMemoryRuntime } from "../memory-runtime.js";
import { Metrics } from "../observability/metrics.js";
import { createSnapshotCache } from "../repo/snapshot-cache.js";
import { ActionInputError, readActionSettings } from "./action-inputs.js";

const SUPPORTED_EVENTS = ["issues", "issue_comment"] as const;

export type ActionResult =
  | { kind: "done"; jobs: { issue: string; outcome: JobOutcome }[] }
  | { kind: "nothing-to-do"; reason: string };

const eventSchema = z.looseObject({
  action: z.string(),
  repository: z.looseObject({ id: z.number().int().positive(), full_name: z.string() }),
  issue: z.looseObject({ number: z.number().int().positive() }),
  installation: z.looseObject({ id: z.number().int().positive() }).nullish(),
});

export async function runAction(env: NodeJS.ProcessEnv, log: Logger): Promise<ActionResult> {
  const settings = readActionSettings(env);
  if (!(SUPPORTED_EVENTS as readonly string[]).includes(settings.eventName))
    throw new ActionInputError(
      `it plans issues: trigger the workflow \`on: issues\` and \`on: issue_comment\` (this run is for \`${settings.eventName}\`).`,
    );
  const payload = await readEvent(settings.eventPath);
  let appEnv: ReturnType<typeof readEnv>;
  try {
    appEnv = readEnv(settings.appEnv);
  } catch (error) {
    throw error instanceof EnvError ? new ActionInputError(error.message) : error;
  }

  let llm: ReturnType<typeof createLlmClient>;
  try {
    llm = createLlmClient(appEnv);
  } catch (error) {
    throw error instanceof ProviderSettingsError ? new ActionInputError(error.message) : error;
  }
  const jobs: { issue: string; outcome: JobOutcome }[] = [];
  const ignored: string[] = [];
  const runtime = createMemoryRuntime(appEnv, log);
  const probot = new Probot({ githubToken: settings.token, baseUrl: settings.apiUrl, log });
  await probot.load(
    createApp({
      ...runtime,
      llm,
      env: appEnv,
      snapshotCache: createSnapshotCache(appEnv),
      metrics: new Metrics(runtime.queue),
      runWorker: true,
      role: "action",
      // A workflow token cannot read GET /app or /user: any bot's marked comment counts (SECURITY.md says so).
      ownAuthor: botAuthor,
      onJobDone: (request: PlanRequest, outcome: JobOutcome) =>
        jobs.push({ issue: `${request.owner}/${request.repo}#${request.issueNumber}`, outcome }),
      onIgnored: (reason) => ignored.push(reason),
      handlerDeadlineMs: null,
    }),
    // No HTTP server in a workflow run: the app's /health and /metrics routes have nowhere to go.
    { addHandler: () => {}, cwd: process.cwd() },
  );
  try {
    await probot.receive({
      id: settings.deliveryId,
      name: settings.eventName as (typeof SUPPORTED_EVENTS)[number],
      // Workflow events carry no installation: the repository stands in for it (quota and limit keys).
      payload: { ...payload, installation: payload.installation ?? { id: payload.repository.id } },
    } as Parameters<Probot["receive"]>[0]);
    await runtime.queue.onIdle();
  } finally {
    await runtime.queue.close(0);
    await runtime.close();
  }
  return jobs.length === 0
    ? { kind: "nothing-to-do", reason: ignored.join("; ") || "no plan was asked for" }
    : { kind: "done", jobs };
}

async function readEvent(path: string): Promise<z.infer<typeof eventSchema>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ActionInputError(`cannot read the event payload at ${path}: ${(error as Error).message}`);
  }
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success)
    throw new ActionInputError(
      `the event payload at ${path} is not an issue event: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
    );
  return parsed.data;
}
