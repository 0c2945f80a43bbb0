// Shows progress in the plan comment within seconds of a trigger: a status line at the top of the existing plan
// (kept readable until the new one replaces it) or a new comment holding only the status. Few writes: one at
// the start, one more only when reading the repository was slow, then the final plan replaces it.
import type { ProbotOctokit } from "probot";
import { PLAN_MARKER, STATUS_MARKER } from "../github/comment-markers.js";
import { deleteComment } from "../github/delete-comment.js";
import type { AppComment } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import { upsertComment } from "../github/upsert-comment.js";

export type PlanStage = "Reading the repository..." | "Writing the plan..." | "Checking the plan...";

// Below this, a stage change is not worth a request: the plan itself will arrive soon.
export const WORTH_AN_UPDATE_MS = 3_000;

export class PlanProgress {
  #comment: AppComment | undefined;
  #createdHere = false;
  #lastUpdate = 0;

  constructor(
    private readonly octokit: ProbotOctokit,
    private readonly issue: IssueRef,
    /** The plan comment already on the issue, if any. */
    private readonly previous: AppComment | undefined,
    private readonly updateAfterMs = WORTH_AN_UPDATE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The comment the final plan goes into. */
  get comment(): AppComment | undefined {
    return this.#comment ?? this.previous;
  }

  async start(stage: PlanStage): Promise<void> {
    await this.#write(stage);
  }

  /** Updates the status only when the previous stage took long enough for a reader to wonder. */
  async stage(stage: PlanStage): Promise<void> {
    if (this.now() - this.#lastUpdate < this.updateAfterMs) return;
    await this.#write(stage);
  }

  /** The job failed: give the previous plan back its own text, or remove the status-only comment. */
  async abandon(): Promise<void> {
    const comment = this.#comment;
    if (!comment) return;
    if (this.#createdHere) await deleteComment(this.octokit, this.issue, comment.id);
    else if (this.previous) await upsertComment(this.octokit, this.issue, comment, this.previous.body);
    this.#comment = undefined;
  }

  async #write(stage: PlanStage): Promise<void> {
    const status = `${STATUS_MARKER}\n> ⏳ **issue-planner:** ${stage}${this.previous ? " The plan below stays until the new one replaces it." : " The plan will appear here."}\n`;
    const body = this.previous
      ? `${PLAN_MARKER}\n${status}${stripStatus(this.previous.body).slice(PLAN_MARKER.length).replace(/^\n/, "")}`
      : `${PLAN_MARKER}\n${status}`;
    const written = await upsertComment(this.octokit, this.issue, this.comment, body);
    this.#createdHere ||= written.created;
    this.#comment = { id: written.id, body };
    this.#lastUpdate = this.now();
  }
}

/** A comment's text without a status block a crashed job may have left. */
export function stripStatus(body: string): string {
  return body.replace(new RegExp(`${STATUS_MARKER}\\n> [^\\n]*\\n`, "g"), "");
}
