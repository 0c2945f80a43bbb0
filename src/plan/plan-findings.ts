// A finding: one broken rule of a plan, with a stable rule id for tools and a message for people.

export type FindingSeverity =
  /** Needs the model (repair) or a content fix: the plan is wrong as written. */
  | "error"
  /** Broken format that rendering the plan model fixes by itself (numbering, boxes, chatter). */
  | "warning";

export interface Finding {
  rule: FindingRule;
  severity: FindingSeverity;
  message: string;
  /** 1-based line in the checked Markdown, when the finding has one. */
  line?: number;
  /** 1-based column on that line where the node the finding is about starts. */
  column?: number;
  /** The path, script or package the finding is about. */
  subject?: string;
  /** Where in the plan model: phase, task index, step index (-1 for the task's title). */
  at?: StepLocation;
}

/** A place in Markdown, 1-based as editors count (mdast's `position.start` is one). */
export interface SourcePoint {
  line: number;
  column: number;
}

export interface StepLocation {
  phase: "dataLayer" | "backend" | "frontend" | "testing";
  task: number;
  step: number;
}

const FINDING_RULES = {
  "format/unreadable": "The reply contains no plan that can be read.",
  "format/text-outside-plan": "Nothing may stand before the title or after the last phase.",
  "format/single-heading": "Exactly one `### Implementation Plan: ...` heading.",
  "format/heading-level": "Headings use the exact levels of the format (### title, #### phases).",
  "format/summary": "One sentence of description follows the title.",
  "format/phase-missing": "All four phases appear.",
  "format/phase-order": "Phases appear in the order 1 to 4.",
  "format/phase-name": "Phase headings use the exact names of the format.",
  "format/stray-content": "A phase holds only its task list.",
  "format/checked-box": "Every checkbox is unchecked in a new plan.",
  "format/checkbox-missing": "Every task and step is a checkbox item.",
  "format/task-numbering": "Tasks are numbered by phase and position (1.1, 1.2, 2.1...).",
  "format/task-title": "Every task starts with its bold number and name.",
  "format/task-without-steps": "Every task has nested steps.",
  "format/nesting": "Steps are nested one level under their task, no deeper.",
  "ground/path-missing": "Every file path exists in the repository or is created by a step.",
  "ground/script-missing": "Every package-manager or make command exists in the repository's manifests.",
  "ground/package-missing": "Every package used is a dependency or installed by a step.",
  "safety/mention": "No @mentions (nobody is pinged by the app).",
  "safety/reference":
    "No issue or commit references (`#1`, `GH-1`, `owner/repo#1`): they would write backlinks into other issues.",
  "safety/html": "No raw HTML.",
  "safety/image": "No images (they can track readers).",
  "safety/external-link": "No external links but the repository's own pages and those its files provide.",
  "size/comment-limit": "The comment fits GitHub's 65,536-character limit.",
} as const;

export type FindingRule = keyof typeof FINDING_RULES;

export function finding(
  rule: FindingRule,
  severity: FindingSeverity,
  message: string,
  at?: SourcePoint,
): Finding {
  return at === undefined
    ? { rule, severity, message }
    : { rule, severity, message, line: at.line, column: at.column };
}
