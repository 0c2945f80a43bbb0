// `workflow_dispatch` -> a plan request: the issue named in the `issue-number` input, read with one request and
// planned as asked for by name (the trigger the CLI's `plan --post` uses): whoever can dispatch a workflow has
// write access, so no permission check, trigger switch or excluded label stands in the way.
import type { ProbotOctokit } from "probot";
import { z } from "zod";
import { httpStatusOf } from "../errors.js";
import { describeRequestFailure } from "../github/describe-request-failure.js";
import type { PlanRequest } from "../jobs/plan-request.js";
import { baseRequest, type KnownConfig } from "../triggers/base-request.js";
import type { DispatchEvent } from "./action-event.js";
import { ActionInputError } from "./action-inputs.js";

const issueSchema = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  // GitHub sends label objects; strings appear in older payloads.
  labels: z
    .array(z.union([z.string(), z.looseObject({ name: z.string() })]))
    .transform((labels) => labels.map((label) => ({ name: typeof label === "string" ? label : label.name }))),
  comments: z.number().int().min(0).optional(),
  pull_request: z.unknown().optional(),
});

export async function dispatchRequest(
  octokit: ProbotOctokit,
  event: DispatchEvent,
  issueNumber: number | undefined,
  options: { deliveryId: string; known: KnownConfig },
): Promise<PlanRequest> {
  if (issueNumber === undefined)
    throw new ActionInputError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression the user copies, not a template.
      "a `workflow_dispatch` run plans the issue its `issue-number` input names, and it is empty: pass `issue-number: ${{ inputs.issue-number }}` from the workflow's own input.",
    );
  const { repository, sender } = event.payload;
  const issue = await readIssue(
    octokit,
    { owner: repository.owner.login, repo: repository.name },
    issueNumber,
  );
  const payload = { repository, issue, installation: { id: repository.id } };
  return {
    ...baseRequest(payload, options.deliveryId, options.known),
    trigger: { kind: "cli", actor: sender.login },
  };
}

async function readIssue(
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
  issueNumber: number,
): Promise<z.infer<typeof issueSchema>> {
  let data: unknown;
  try {
    ({ data } = await octokit.rest.issues.get({ ...repo, issue_number: issueNumber }));
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
    throw new ActionInputError(
      `the \`issue-number\` input: ${repo.owner}/${repo.repo} has no issue #${issueNumber} the \`github-token\` can read (${describeRequestFailure(error)}).`,
    );
  }
  const issue = issueSchema.parse(data);
  if (issue.pull_request)
    throw new ActionInputError(
      `the \`issue-number\` input: #${issueNumber} is a pull request; the action plans issues.`,
    );
  return issue;
}
