// Shows progress where the plan goes: a status line on top of the existing plan (kept readable until the new one
// replaced it) or alone. Few writes, since each is a GitHub request: the first status appears two seconds after
// the job's 👀 reached GitHub (within two seconds of its start unless the write spacing held the 👀), already
// naming the stage the job has reached by then, so a fast read of the
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
  /** Settled or abandoned: no first status is scheduled any more. */
  #settled = false;
  #failed: unknown;

  constructor(
    private readonly surface: PlanSurface,
    timing: ProgressTiming = {},
  ) {
    this.#firstAfterMs = timing.firstStatusAfterMs ?? FIRST_STATUS_AFTER_MS;
    this.#updateAfterMs = timing.updateAfterMs ?? WORTH_AN_UPDATE_MS;
    this.#now = timing.now ?? Date.now;
  }

  /**
   * The first status is due `firstStatusAfterMs` after `after` settles: the job's 👀. Until GitHub has it, the
   * installation's write spacing holds this job's writes anyway (under a burst, for seconds), and a status queued
   * meanwhile would only be one more write in that queue ahead of the plan, which may be ready when the 👀 lands.
   */
  async start(stage: PlanStage, after?: Promise<unknown>): Promise<void> {
    this.#stage = stage;
    if (!after)
      return this.#firstAfterMs <= 0 ? this.#write(stage) : this.#schedule(stage, this.#firstAfterMs);
    // The job goes on meanwhile: its stages do not wait for the 👀.
    void after.then(() => this.#schedule(stage, this.#firstAfterMs));
  }

  #schedule(stage: PlanStage, delayMs: number): void {
    if (this.#settled) return;
    if (delayMs <= 0) {
      this.#writeFirst(stage);
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#writeFirst(stage);
    }, delayMs);
    this.#timer.unref();
  }

  /** The first status, naming the stage reached by now; a failure surfaces at the next awaited step. */
  #writeFirst(stage: PlanStage): void {
    this.#inFlight = this.#write(this.#stage ?? stage).catch((error: unknown) => {
      this.#failed = error;
    });
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
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#settleWrite();
  }

  /** The job failed: give the previous plan back its own text, or remove the status-only comment or section. */
  async abandon(): Promise<void> {
    this.#settled = true;
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
