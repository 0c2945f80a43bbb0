// What a trigger asks for: everything a job needs to plan one issue, serialisable for any queue.
import { z } from "zod";
import { repoConfigSchema } from "../config/repo-config.js";

/** Merged triggers kept beyond the one a job plans for. */
export const MAX_OTHER_TRIGGERS = 5;

const triggerSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("label"), actor: z.string(), label: z.string() }),
  z.object({ kind: z.literal("opened"), actor: z.string() }),
  /** `issue-planner plan --github ... --post`, run by `actor` (the token's owner). */
  z.object({ kind: z.literal("cli"), actor: z.string() }),
  z.object({
    kind: z.literal("command"),
    actor: z.string(),
    /** The comment author's association with the repository (OWNER, MEMBER...), as the webhook said. */
    association: z.string().optional(),
    commentId: z.number().int().positive(),
    /** `plan`: (re)generate; `refine`: change the current plan as the instructions say; `help`: usage only. */
    action: z.enum(["plan", "refine", "help"]).default("plan"),
    /** Text after `/plan` from an allowed user: guidance for this plan, or the feedback of `refine`. */
    instructions: z.string(),
    /** The mistyped subcommand a help reply answers. */
    unknown: z.string().optional(),
  }),
]);

export const planRequestSchema = z.object({
  owner: z.string().min(1),
  repo: z.string().min(1),
  issueNumber: z.number().int().positive(),
  installationId: z.number().int().positive(),
  defaultBranch: z.string().min(1),
  /** The issue as it was when the trigger fired; carried along so the job needs no extra request. */
  issue: z.object({
    title: z.string(),
    body: z.string().nullable(),
    labels: z.array(z.string()),
    /** Comments on the issue when the trigger fired (the `/plan` comment included). */
    comments: z.number().int().min(0).optional(),
  }),
  /** The commit the plan is written for: the default branch's head, read by the job with the configuration. */
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  /** X-GitHub-Delivery of the webhook that asked; identifies the trigger in logs and comments. */
  deliveryId: z.string().min(1),
  trigger: triggerSchema,
  /**
   * Earlier triggers merged into this job (newest first): when the job finds its trigger not allowed (a user
   * without permission commented `/plan`), the first allowed one of these plans the issue instead.
   */
  otherTriggers: z.array(triggerSchema).max(MAX_OTHER_TRIGGERS).optional(),
  /**
   * The configuration the trigger was admitted with (the last one read for the repository, or the operator's
   * defaults); the job replaces it with the one at the commit it plans.
   */
  config: repoConfigSchema,
  /** What is wrong with the repository's configuration file: the job reports it and plans nothing. */
  configProblems: z.array(z.string()).default([]),
});

export type PlanRequest = z.infer<typeof planRequestSchema>;
export type Trigger = PlanRequest["trigger"];

/** One plan per issue at a time: the key that coalesces triggers for the same issue. */
export function issueKey(request: Pick<PlanRequest, "owner" | "repo" | "issueNumber">): string {
  return `${request.owner}/${request.repo}#${request.issueNumber}`.toLowerCase();
}

/** The queue's key: help replies never wait behind, or merge into, a plan of the same issue. */
export function jobKey(request: PlanRequest): string {
  const help = request.trigger.kind === "command" && request.trigger.action === "help";
  return help ? `${issueKey(request)}:help` : issueKey(request);
}
