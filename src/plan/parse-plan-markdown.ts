// Reads a plan written in Markdown (a model's reply or a posted comment) into the plan model, leniently:
// every departure from the format becomes a finding, and whatever can be understood is kept.
import type { List, ListItem, Nodes, Paragraph, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { type Finding, type FindingRule, finding } from "./plan-findings.js";
import {
  PHASE_KEYS,
  PHASE_NAMES,
  type PhaseKey,
  type Plan,
  type PlanTask,
  taskNumber,
} from "./plan-model.js";
import { emptyTicks, type PlanTicks, stepKey, taskKey } from "./plan-ticks.js";
import { ASSUMPTION_PREFIX } from "./system-prompt.js";

export interface ParsedPlan {
  /** null when the text holds no phase at all. */
  plan: Plan | null;
  ticks: PlanTicks;
  findings: Finding[];
}

export interface ParseOptions {
  /** Used when the title is missing (reported as an error). */
  fallbackTitle?: string;
}

const MISSING_PHASE_STEP = `${ASSUMPTION_PREFIX} The plan gave no steps for this phase; check whether it needs changes.`;

const PHASE_HEADING = /^phase\s*(\d+)\s*[:.\-–—]?\s*(.*)$/i;
const PLAN_HEADING = /implementation plan/i;
const TASK_NUMBER = /^\s*(\d+(?:\.\d+)*)\.?\s+/;
const CHECKBOX = /^\s*\[[ xX]\]\s*/;

export function parsePlanMarkdown(markdown: string, options: ParseOptions = {}): ParsedPlan {
  return new PlanReader(markdown).read(options);
}

class PlanReader {
  readonly #md: string;
  readonly #findings: Finding[] = [];
  readonly #ticks = emptyTicks();
  readonly #tasks = new Map<PhaseKey, PlanTask[]>();
  readonly #looseParagraphs = new Map<PhaseKey, string[]>();
  #title: string | undefined;
  #summary: string[] = [];
  #phase: PhaseKey | undefined;
  #counted = new Map<FindingRule, { count: number; first: Finding }>();

  constructor(markdown: string) {
    this.#md = markdown.replace(/\r\n?/g, "\n");
  }

  read(options: ParseOptions): ParsedPlan {
    const tree = fromMarkdown(this.#md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    for (const node of tree.children) this.#visit(node);
    if (this.#tasks.size === 0) {
      this.#error(
        "format/unreadable",
        "No phase heading (`#### Phase 1: Data Layer & Schema`...) was found.",
      );
      return { plan: null, ticks: this.#ticks, findings: this.#allFindings() };
    }
    if (this.#title === undefined)
      this.#error("format/single-heading", "The `### Implementation Plan: ...` title is missing.");
    const summary = this.#summary.join(" ").replace(/\s+/g, " ").trim();
    if (!summary) this.#error("format/summary", "The one-sentence description after the title is missing.");
    else if (this.#summary.length > 1 || /[.!?]\s+[A-Z]/.test(summary)) {
      this.#warn("format/summary", "The description is longer than one sentence.");
    }
    const phases = Object.fromEntries(PHASE_KEYS.map((key) => [key, { tasks: this.#phaseTasks(key) }]));
    const plan: Plan = {
      title: this.#title || options.fallbackTitle || "Untitled plan",
      summary: summary || "(No description was given.)",
      phases: phases as Plan["phases"],
    };
    return { plan, ticks: this.#ticks, findings: this.#allFindings() };
  }

  #visit(node: RootContent): void {
    if (node.type === "heading") {
      this.#visitHeading(node.depth, this.#inner(node.children), node.position?.start.line);
      return;
    }
    if (node.type === "thematicBreak" || (node.type === "html" && /^<!--[\s\S]*-->$/.test(node.value.trim())))
      return;
    const line = node.position?.start.line;
    if (this.#title === undefined && this.#phase === undefined) {
      this.#warn("format/text-outside-plan", "Text stands before the plan's title.", line);
      return;
    }
    if (this.#phase === undefined) {
      if (node.type === "paragraph") this.#summary.push(this.#source(node));
      else
        this.#warn(
          "format/stray-content",
          `Unexpected ${node.type} between the title and the first phase.`,
          line,
        );
      return;
    }
    const phase = this.#phase;
    const tasks = this.#tasks.get(phase) ?? [];
    if (node.type === "list") {
      tasks.push(...this.#readTaskList(node, phase, tasks));
      this.#tasks.set(phase, tasks);
    } else if (phase === "testing" && tasks.length > 0) {
      this.#warn("format/text-outside-plan", "Text stands after the plan's last task.", line);
    } else if (node.type === "paragraph" && tasks.length === 0) {
      this.#looseParagraphs.set(phase, [...(this.#looseParagraphs.get(phase) ?? []), this.#source(node)]);
      this.#warn(
        "format/stray-content",
        `Phase "${PHASE_NAMES[phase]}" has text instead of a task list.`,
        line,
      );
    } else {
      this.#warn("format/stray-content", `Unexpected ${node.type} in phase "${PHASE_NAMES[phase]}".`, line);
    }
  }

  #visitHeading(depth: number, text: string, line: number | undefined): void {
    const phaseMatch = PHASE_HEADING.exec(text);
    if (phaseMatch) {
      const key = this.#phaseKey(Number(phaseMatch[1]), phaseMatch[2] ?? "");
      if (!key) {
        this.#warn("format/phase-name", `"${text}" is not one of the four phases.`, line);
        return;
      }
      if (depth !== 4)
        this.#warn("format/heading-level", `Phase headings are level 4 (####), not ${depth}.`, line);
      const expected = `Phase ${PHASE_KEYS.indexOf(key) + 1}: ${PHASE_NAMES[key]}`;
      if (text !== expected) this.#warn("format/phase-name", `"${text}" should read "${expected}".`, line);
      const previous = this.#phase ? PHASE_KEYS.indexOf(this.#phase) : -1;
      if (this.#tasks.has(key))
        this.#warn("format/phase-order", `Phase "${PHASE_NAMES[key]}" appears twice.`, line);
      else if (PHASE_KEYS.indexOf(key) < previous) {
        this.#warn("format/phase-order", `Phase "${PHASE_NAMES[key]}" comes after a later phase.`, line);
      }
      this.#phase = key;
      if (!this.#tasks.has(key)) this.#tasks.set(key, []);
      return;
    }
    if (PLAN_HEADING.test(text) && this.#title === undefined && this.#phase === undefined) {
      this.#title = text.replace(/^.*?implementation plan\s*[:.\-–—]?\s*/i, "").trim() || undefined;
      if (depth !== 3) this.#warn("format/heading-level", `The title is level 3 (###), not ${depth}.`, line);
      return;
    }
    if (this.#title === undefined && this.#phase === undefined) {
      this.#warn("format/text-outside-plan", `Heading "${text}" stands before the plan's title.`, line);
    } else if (PLAN_HEADING.test(text)) {
      this.#warn("format/single-heading", "A second plan heading was found.", line);
    } else if (this.#phase === "testing" && (this.#tasks.get("testing")?.length ?? 0) > 0) {
      this.#warn("format/text-outside-plan", `Heading "${text}" stands after the plan's last task.`, line);
    } else {
      this.#warn("format/stray-content", `Unexpected heading "${text}" inside the plan.`, line);
    }
  }

  #phaseKey(number: number, name: string): PhaseKey | undefined {
    const byName = PHASE_KEYS.find((key) => {
      const words = PHASE_NAMES[key].toLowerCase().split(/\W+/)[0] ?? "";
      return name.toLowerCase().startsWith(words);
    });
    return byName ?? PHASE_KEYS[number - 1];
  }

  #readTaskList(list: List, phase: PhaseKey, existing: PlanTask[]): PlanTask[] {
    const items = list.children;
    const flat = items.every(
      (item) => !this.#boldTitle(item) && !item.children.some((child) => child.type === "list"),
    );
    if (flat) {
      // A bare list of steps without task headings: keep the steps under one task named after the phase.
      this.#warn(
        "format/task-title",
        `Phase "${PHASE_NAMES[phase]}" lists steps without a bold task title.`,
        list.position?.start.line,
      );
      const task: PlanTask = { title: PHASE_NAMES[phase], steps: [] };
      for (const item of items) task.steps.push(...this.#readStep(item, task.title, 1));
      return task.steps.length > 0 ? [task] : [];
    }
    const tasks: PlanTask[] = [];
    for (const item of items) {
      const line = item.position?.start.line;
      const head = item.children[0];
      const bold = this.#boldTitle(item);
      const nested = item.children.filter((child): child is List => child.type === "list");
      const previous = tasks.at(-1) ?? existing.at(-1);
      if (!bold && nested.length === 0 && previous) {
        this.#warn("format/nesting", "A step is not nested under its task.", line);
        previous.steps.push(...this.#readStep(item, previous.title, 1));
        continue;
      }
      this.#checkBox(item, line);
      let title = bold?.title ?? (head?.type === "paragraph" ? this.#paragraphText(head) : "");
      const number = TASK_NUMBER.exec(title)?.[1] ?? bold?.number;
      title = title.replace(TASK_NUMBER, "").trim();
      if (!bold)
        this.#warn("format/task-title", "A task does not start with its bold number and name.", line);
      const expected = taskNumber(phase, existing.length + tasks.length);
      if (number !== expected) {
        this.#warn(
          "format/task-numbering",
          `Task "${title}" is numbered ${number ?? "(none)"}, expected ${expected}.`,
          line,
        );
      }
      const task: PlanTask = { title: title || "Untitled task", steps: [] };
      if (item.checked === true) this.#ticks.tasks.add(taskKey(task.title));
      if (bold?.rest) task.steps.push(bold.rest);
      for (const child of item.children.slice(1)) {
        if (child.type === "list") {
          for (const stepItem of child.children) task.steps.push(...this.#readStep(stepItem, task.title, 1));
        } else {
          task.steps.push(this.#source(child));
          this.#warn(
            "format/nesting",
            "Text under a task is not a checkbox step.",
            child.position?.start.line,
          );
        }
      }
      if (task.steps.length === 0) {
        this.#error("format/task-without-steps", `Task "${task.title}" has no steps.`, line);
        task.steps.push(task.title);
      }
      tasks.push(task);
    }
    return tasks;
  }

  #readStep(item: ListItem, taskTitle: string, depth: number): string[] {
    const line = item.position?.start.line;
    this.#checkBox(item, line);
    const own = item.children.filter((child) => child.type !== "list");
    const steps: string[] = [];
    const first = own[0];
    const last = own.at(-1);
    if (first?.position && last?.position) {
      const column = first.position.start.column - 1;
      const raw = this.#md.slice(first.position.start.offset, last.position.end.offset);
      const text = dedent(raw, column).replace(CHECKBOX, "").trim();
      if (text) {
        steps.push(text);
        if (item.checked === true) this.#ticks.steps.add(stepKey(taskTitle, text));
      }
    }
    for (const nested of item.children.filter((child): child is List => child.type === "list")) {
      if (depth >= 1)
        this.#warn("format/nesting", "Steps are nested deeper than one level.", nested.position?.start.line);
      for (const child of nested.children) steps.push(...this.#readStep(child, taskTitle, depth + 1));
    }
    return steps;
  }

  #checkBox(item: ListItem, line: number | undefined): void {
    if (item.checked === true) this.#warn("format/checked-box", "A checkbox is already checked.", line);
    if (item.checked === null || item.checked === undefined) {
      this.#warn("format/checkbox-missing", "A list item has no checkbox.", line);
    }
  }

  /** `**1.1. Title** rest` at the start of the item's first paragraph. */
  #boldTitle(item: ListItem): { number?: string; title: string; rest: string } | undefined {
    const head = item.children[0];
    if (head?.type !== "paragraph") return undefined;
    const strong = head.children.find((child) => !(child.type === "text" && child.value.trim() === ""));
    if (strong?.type !== "strong" || !strong.position || !head.position) return undefined;
    const inner = this.#inner(strong.children).trim();
    const number = TASK_NUMBER.exec(inner)?.[1];
    const rest = this.#md
      .slice(strong.position.end.offset, head.position.end.offset)
      .replace(/^\s*[:\-–—]\s*/, "")
      .trim();
    return { ...(number ? { number } : {}), title: inner.replace(TASK_NUMBER, "").trim(), rest };
  }

  #phaseTasks(key: PhaseKey): PlanTask[] {
    const tasks = this.#tasks.get(key) ?? [];
    if (tasks.length > 0) return tasks;
    const loose = this.#looseParagraphs.get(key);
    if (loose?.length) return [{ title: "No changes in this phase", steps: loose }];
    this.#error(
      "format/phase-missing",
      this.#tasks.has(key)
        ? `Phase "${PHASE_NAMES[key]}" has no tasks.`
        : `Phase "${PHASE_NAMES[key]}" is missing.`,
    );
    return [{ title: "Review this phase", steps: [MISSING_PHASE_STEP] }];
  }

  #paragraphText(paragraph: Paragraph): string {
    return this.#source(paragraph).replace(CHECKBOX, "").trim();
  }

  #inner(children: Nodes[]): string {
    const first = children[0]?.position;
    const last = children.at(-1)?.position;
    if (!first || !last) return "";
    return this.#md.slice(first.start.offset, last.end.offset).trim();
  }

  #source(node: Nodes): string {
    const position = node.position;
    if (!position) return "";
    return dedent(
      this.#md.slice(position.start.offset, position.end.offset),
      position.start.column - 1,
    ).trim();
  }

  #warn(rule: FindingRule, message: string, line?: number): void {
    // Rendering fixes these: count repeats instead of listing each one.
    const seen = this.#counted.get(rule);
    if (seen) seen.count += 1;
    else this.#counted.set(rule, { count: 1, first: finding(rule, "warning", message, line) });
  }

  #error(rule: FindingRule, message: string, line?: number): void {
    this.#findings.push(finding(rule, "error", message, line));
  }

  #allFindings(): Finding[] {
    const warnings = [...this.#counted.values()].map(({ count, first }) =>
      count > 1 ? { ...first, message: `${first.message} (${count} times)` } : first,
    );
    return [...this.#findings, ...warnings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
}

/** Removes up to `column` leading spaces from every line after the first. */
function dedent(text: string, column: number): string {
  if (column <= 0) return text;
  const pattern = new RegExp(`^ {0,${column}}`);
  return text
    .split("\n")
    .map((line, index) => (index === 0 ? line : line.replace(pattern, "")))
    .join("\n");
}
