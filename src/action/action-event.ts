// The event that started the run, read from the runner's event file: an issue event the app handles as a webhook,
// or a `workflow_dispatch` that names the issue to plan in the `issue-number` input.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ActionInputError } from "./action-inputs.js";

const WEBHOOK_EVENTS = ["issues", "issue_comment"] as const;
const DISPATCH = "workflow_dispatch";

const webhookSchema = z.looseObject({
  action: z.string(),
  repository: z.looseObject({ id: z.number().int().positive(), full_name: z.string() }),
  issue: z.looseObject({ number: z.number().int().positive() }),
  installation: z.looseObject({ id: z.number().int().positive() }).nullish(),
});

const dispatchSchema = z.looseObject({
  repository: z.looseObject({
    id: z.number().int().positive(),
    name: z.string(),
    default_branch: z.string(),
    owner: z.looseObject({ login: z.string() }),
  }),
  sender: z.looseObject({ login: z.string() }),
});

export type WebhookEvent = {
  kind: "webhook";
  name: (typeof WEBHOOK_EVENTS)[number];
  payload: z.infer<typeof webhookSchema>;
};
export type DispatchEvent = { kind: "dispatch"; payload: z.infer<typeof dispatchSchema> };
export type ActionEvent = WebhookEvent | DispatchEvent;

export async function readActionEvent(name: string, path: string): Promise<ActionEvent> {
  if (name === DISPATCH) return { kind: "dispatch", payload: await readPayload(path, dispatchSchema) };
  const webhook = WEBHOOK_EVENTS.find((event) => event === name);
  if (!webhook)
    throw new ActionInputError(
      `it plans issues: trigger the workflow \`on: issues\`, \`on: issue_comment\`, or \`on: workflow_dispatch\` with the \`issue-number\` input (this run is for \`${name}\`).`,
    );
  return { kind: "webhook", name: webhook, payload: await readPayload(path, webhookSchema) };
}

async function readPayload<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ActionInputError(`cannot read the event payload at ${path}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ActionInputError(
      `the event payload at ${path} is not the event it should be: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
    );
  return parsed.data;
}
