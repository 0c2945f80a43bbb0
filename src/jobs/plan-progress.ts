// Shows progress where the plan goes: a status line on top of the existing plan (kept readable until the new one
// replaces it) or alone. Few writes, since each is a GitHub request: the first status appears within two
// seconds of the job's start, already naming the stage the job has reached by then, so a fast read of the
// repository shows "Writing the plan..." at once; later stages get an update only when the previous one took
// long; a job that finishes before the first status is due writes no status at all.

import type { PlanSurface } from "../github/plan-surfaces.js";
import { PLAN_MARKER, STATUS_MARKER } from "../plan/comment-markers.js";

export type PlanStage = "Reading the repository..." | "Writing the plan..." | "Checking the plan...";

/** The first status is written this long after the job starts. */
const FIRST_STATUS_AFTER_MS = 2_000;
// Below this, a stage change is not worth a request: the plan itself will arrive soon.
const WORTH_AN_UPDATE_MS = 10_000;

export interface ProgressTiming {
  firstStatusAfterMs?: number;
  updateAfterMs?: number;
  now?: () => number;
}

export class PlanProgress {
  readonly #firstAfterMs: number;
  readonly #updateAfterMs: number;
  readonly #now: () => number;
  #stage: PlanStage | undefined;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();
  #lastUpdate = 0;
  #shown = false;
  #failed: unknown;

  constructor(
    private readonly surface: PlanSurface,
    timing: ProgressTiming = {},
  ) {
    this.#firstAfterMs = timing.firstStatusAfterMs ?? FIRST_STATUS_AFTER_MS;
    this.#updateAfterMs = timing.updateAfterMs ?? WORTH_AN_UPDATE_MS;
    this.#now = timing.now ?? Date.now;
  }

  async start(stage: PlanStage): Promise<void> {
    this.#stage = stage;
    if (this.#firstAfterMs <= 0) return this.#write(stage);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A failure surfaces at the next awaited step (stage, settle, abandon), not as an unhandled rejection.
      this.#inFlight = this.#write(this.#stage ?? stage).catch((error: unknown) => {
        this.#failed = error;
      });
    }, this.#firstAfterMs);
    this.#timer.unref();
  }

  /** Moves to a stage: written at once only when the status is shown and the last stage took long. */
  async stage(stage: PlanStage): Promise<void> {
    this.#stage = stage;
    await this.#settleWrite();
    if (!this.#shown || this.#now() - this.#lastUpdate < this.#updateAfterMs) return;
    await this.#write(stage);
  }

  /** Before the plan is written where the status is: no status write may still be pending or running. */
  async settle(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#settleWrite();
  }

  /** The job failed: give the previous plan back its own text, or remove the status-only comment or section. */
  async abandon(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
    if (!this.#shown) return;
    await this.surface.restore();
    this.#shown = false;
  }

  async #settleWrite(): Promise<void> {
    await this.#inFlight;
    if (this.#failed !== undefined) {
      const error = this.#failed;
      this.#failed = undefined;
      throw error;
    }
  }

  async #write(stage: PlanStage): Promise<void> {
    const previous = this.surface.previous;
    const where = this.surface.kind === "comment" ? "here" : "in this section";
    const status = `${STATUS_MARKER}\n> ⏳ **issue-planner:** ${stage}${previous ? " The plan below stays until the new one replaces it." : ` The plan will appear ${where}.`}\n`;
    const body = previous
      ? `${PLAN_MARKER}\n${status}${stripStatus(previous).slice(PLAN_MARKER.length).replace(/^\n/, "")}`
      : `${PLAN_MARKER}\n${status}`;
    await this.surface.write(body);
    this.#shown = true;
    this.#lastUpdate = this.#now();
  }
}

/** A comment's text without a status block a crashed job may have left. */
function stripStatus(body: string): string {
  return body.replace(new RegExp(`${STATUS_MARKER}\\n> [^\\n]*\\n`, "g"), "");
}
