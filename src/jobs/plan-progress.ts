// Shows progress where the plan goes within seconds of a trigger: a status line on top of the existing plan
// (kept readable until the new one replaces it) or alone. Few writes: one at the start, one more only when
// reading the repository was slow, then the final plan replaces it.
import { PLAN_MARKER, STATUS_MARKER } from "../github/comment-markers.js";
import type { PlanSurface } from "../github/plan-surfaces.js";

export type PlanStage = "Reading the repository..." | "Writing the plan..." | "Checking the plan...";

// Below this, a stage change is not worth a request: the plan itself will arrive soon.
export const WORTH_AN_UPDATE_MS = 3_000;

export class PlanProgress {
  #lastUpdate = 0;
  #shown = false;

  constructor(
    private readonly surface: PlanSurface,
    private readonly updateAfterMs = WORTH_AN_UPDATE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async start(stage: PlanStage): Promise<void> {
    await this.#write(stage);
  }

  /** Updates the status only when the previous stage took long enough for a reader to wonder. */
  async stage(stage: PlanStage): Promise<void> {
    if (this.now() - this.#lastUpdate < this.updateAfterMs) return;
    await this.#write(stage);
  }

  /** The job failed: give the previous plan back its own text, or remove the status-only comment or section. */
  async abandon(): Promise<void> {
    if (!this.#shown) return;
    await this.surface.restore();
    this.#shown = false;
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
    this.#lastUpdate = this.now();
  }
}

/** A comment's text without a status block a crashed job may have left. */
export function stripStatus(body: string): string {
  return body.replace(new RegExp(`${STATUS_MARKER}\\n> [^\\n]*\\n`, "g"), "");
}
