// Where the plan is written: its own comment (output target `comment`, the default) or a marked section of the
// issue body (target `body`, so GitHub counts the task list's progress in issue lists). Both are written in
// place by the progress line and the final plan, and can be put back as they were when a job fails.
import type { ProbotOctokit } from "probot";
import { MAX_COMMENT_CHARS } from "../plan/compose-plan-comment.js";
import { deleteComment } from "./delete-comment.js";
import type { AppComment } from "./find-app-comments.js";
import { roomForSection, splitIssueBody, withBodySection } from "./issue-body-section.js";
import type { IssueRef } from "./issue-ref.js";
import { upsertComment } from "./upsert-comment.js";

export interface PlanSurface {
  readonly kind: "comment" | "body";
  /** The app's text there before this job (a plan, perhaps under a status line a crashed job left). */
  readonly previous: string | undefined;
  /** The most characters the app's text may have there. */
  readonly maxChars: number;
  write(text: string): Promise<void>;
  /** Puts back what was there before this job, or takes out what this job added. */
  restore(): Promise<void>;
  /** For the log: the comment id or the issue number, and whether this job created the comment. */
  where(): { kind: "comment" | "body"; id: number | undefined; created: boolean };
}

export class CommentSurface implements PlanSurface {
  readonly kind = "comment" as const;
  readonly maxChars = MAX_COMMENT_CHARS;
  #id: number | undefined;
  #created = false;

  constructor(
    private readonly octokit: ProbotOctokit,
    private readonly issue: IssueRef,
    private readonly existing: AppComment | undefined,
  ) {
    this.#id = existing?.id;
  }

  get previous(): string | undefined {
    return this.existing?.body;
  }

  async write(text: string): Promise<void> {
    const target = this.#id === undefined ? undefined : { id: this.#id, body: "" };
    const written = await upsertComment(this.octokit, this.issue, target, text);
    this.#id = written.id;
    this.#created ||= written.created;
  }

  async restore(): Promise<void> {
    if (this.#id === undefined) return;
    if (this.#created) await deleteComment(this.octokit, this.issue, this.#id);
    else if (this.existing) await upsertComment(this.octokit, this.issue, this.existing, this.existing.body);
    this.#id = this.existing?.id;
    this.#created = false;
  }

  where(): ReturnType<PlanSurface["where"]> {
    return { kind: this.kind, id: this.#id, created: this.#created };
  }
}

export class BodySurface implements PlanSurface {
  readonly kind = "body" as const;
  readonly previous: string | undefined;
  readonly maxChars: number;
  #unreadBody: string | undefined;
  #readAt = Date.now();
  #written = false;

  private constructor(
    private readonly octokit: ProbotOctokit,
    private readonly issue: IssueRef,
    body: string,
  ) {
    this.previous = splitIssueBody(body).section;
    this.maxChars = roomForSection(body);
    this.#unreadBody = body;
  }

  static async open(octokit: ProbotOctokit, issue: IssueRef): Promise<BodySurface> {
    return new BodySurface(octokit, issue, await readBody(octokit, issue));
  }

  async write(text: string): Promise<void> {
    await this.#writeSection(text);
    this.#written = true;
  }

  async restore(): Promise<void> {
    if (!this.#written) return;
    await this.#writeSection(this.previous);
    this.#written = false;
  }

  where(): ReturnType<PlanSurface["where"]> {
    return { kind: this.kind, id: this.issue.issueNumber, created: false };
  }

  async #writeSection(section: string | undefined): Promise<void> {
    // The author may have edited the issue while the plan was written: splice into the body as it is now
    // (the body read when the job opened the issue only serves a write that follows within seconds).
    const fresh = this.#unreadBody !== undefined && Date.now() - this.#readAt < FRESH_BODY_MS;
    const body = fresh ? (this.#unreadBody as string) : await readBody(this.octokit, this.issue);
    this.#unreadBody = undefined;
    await this.octokit.rest.issues.update({
      owner: this.issue.owner,
      repo: this.issue.repo,
      issue_number: this.issue.issueNumber,
      body: withBodySection(body, section),
    });
  }
}

const FRESH_BODY_MS = 3_000;

async function readBody(octokit: ProbotOctokit, issue: IssueRef): Promise<string> {
  const { data } = await octokit.rest.issues.get({
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
  });
  return data.body ?? "";
}
