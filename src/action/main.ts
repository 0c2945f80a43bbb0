// Process entry of the GitHub Action (bundled into dist/action/index.mjs): plans the issue of the event that
// started the run; exits 1 with an error annotation when the plan or the setup failed.
import { createLogger } from "../observability/create-logger.js";
import { ActionInputError } from "./action-inputs.js";
import { runAction } from "./run-action.js";

/** Workflow commands: `::error::` makes an annotation on the run; `%`, CR and LF must be escaped. */
function annotate(level: "error" | "notice", message: string): void {
  const escaped = message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  process.stdout.write(`::${level}::${escaped}\n`);
}

/** Probot reports a failed handler as an AggregateError: its own message says nothing, its errors do. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.map(describe).join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const log = await createLogger({ LOG_FORMAT: "pretty", ...process.env });
  try {
    const result = await runAction(process.env, log);
    if (result.kind === "nothing-to-do") {
      annotate("notice", `issue-planner: no plan for this event: ${result.reason}.`);
      return 0;
    }
    let failed = false;
    for (const { issue, outcome } of result.jobs) {
      if (outcome.kind === "failed") {
        failed = true;
        annotate("error", `issue-planner could not plan ${issue}: ${outcome.reason}`);
      } else if (outcome.kind === "posted") annotate("notice", `issue-planner planned ${issue}.`);
    }
    return failed ? 1 : 0;
  } catch (error) {
    const message =
      error instanceof ActionInputError ? error.message : `${describe(error)} (see the log above)`;
    if (!(error instanceof ActionInputError)) log.error({ err: error }, "issue-planner action failed");
    annotate("error", `issue-planner: ${message}`);
    return 1;
  }
}

process.exitCode = await main();
