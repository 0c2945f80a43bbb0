// Reads a plan written in Markdown (a model's reply or a posted comment) into the plan model, leniently:
// every departure from the format becomes a finding, and whatever can be understood is kept.
import type { List, ListItem, Paragraph, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { dedent, MarkdownText } from "./markdown-text.js";
import { type Finding, type FindingRule, finding, type SourcePoint } from "./plan-findings.js";
import {
  PHASE_KEYS,
  PHASE_NAMES,
  type PhaseKey,
  type Plan,
  type PlanTask,
  taskNumber,
} from "./plan-model.js";
import { type PlanSources, TaskSources } from "./plan-sources.js";
import { emptyTicks, type PlanTicks, stepKey, taskKey } from "./plan-ticks.js";
import { ASSUMPTION_PREFIX } from "./system-prompt.js";

export interface ParsedPlan {
  /** null when the text holds no phase at all. */
  plan: Plan | null;
  ticks: PlanTicks;
  findings: Finding[];
}

/** The parsed plan, and where in the Markdown its tasks and steps stand (what `lint-plan` points at). */
export interface LocatedPlan extends ParsedPlan {
  sources: PlanSources;
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
  const { sources: _sources, ...parsed } = locatePlanMarkdown(markdown, options);
  return parsed;
}

export function locatePlanMarkdown(markdown: string, options: ParseOptions = {}): LocatedPlan {
  return new PlanReader(markdown).read(options);
}

class PlanReader {
  readonly #text: MarkdownText;
  readonly #findings: Finding[] = [];
  readonly #ticks = emptyTicks();
  readonly #tasks = new Map<PhaseKey, PlanTask[]>();
  readonly #looseParagraphs = new Map<PhaseKey, { text: string; at: SourcePoint | undefined }[]>();
  readonly #sources = new TaskSources();
  #title: string | undefined;
  #titleAt: SourcePoint | undefined;
  #summary: string[] = [];
  #summaryAt: SourcePoint | undefined;
  #phase: PhaseKey | undefined;
  #counted = new Map<FindingRule, { count: number; first: Finding }>();

  constructor(markdown: string) {
    this.#text = new MarkdownText(markdown.replace(/\r\n?/g, "\n"));
  }

  read(options: ParseOptions): LocatedPlan {
    const tree = fromMarkdown(this.#text.md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    for (const node of tree.children) this.#visit(node);
    if (this.#tasks.size === 0) {
      this.#error(
        "format/unreadable",
        "No phase heading (`#### Phase 1: Data Layer & Schema`...) was found.",
      );
      return {
        plan: null,
        ticks: this.#ticks,
        findings: this.#allFindings(),
        sources: this.#sources.of(null),
      };
    }
    if (this.#title === undefined)
      this.#error("format/single-heading", "The `### Implementation Plan: ...` title is missing.");
    const summary = this.#summary.join(" ").replace(/\s+/g, " ").trim();
    if (!summary)
      this.#error(
        "format/summary",
        "The one-sentence description after the title is missing.",
        this.#titleAt,
      );
    else if (this.#summary.length > 1 || /[.!?]\s+[A-Z]/.test(summary)) {
      this.#warn("format/summary", "The description is longer than one sentence.", this.#summaryAt);
    }
    const phases = Object.fromEntries(PHASE_KEYS.map((key) => [key, { tasks: this.#phaseTasks(key) }]));
    const plan: Plan = {
      title: this.#title || options.fallbackTitle || "Untitled plan",
      summary: summary || "(No description was given.)",
      phases: phases as Plan["phases"],
    };
    return { plan, ticks: this.#ticks, findings: this.#allFindings(), sources: this.#sources.of(plan) };
  }

  #visit(node: RootContent): void {
    if (node.type === "heading") {
      this.#visitHeading(node.depth, this.#text.inner(node.children), node.position?.start);
      return;
    }
    if (node.type === "thematicBreak" || (node.type === "html" && /^<!--[\s\S]*-->$/.test(node.value.trim())))
      return;
    const at = node.position?.start;
    if (this.#title === undefined && this.#phase === undefined) {
      this.#warn("format/text-outside-plan", "Text stands before the plan's title.", at);
      return;
    }
    if (this.#phase === undefined) {
      if (node.type === "paragraph") {
        this.#summaryAt ??= at;
        this.#summary.push(this.#text.source(node));
      } else
        this.#warn(
          "format/stray-content",
          `Unexpected ${node.type} between the title and the first phase.`,
          at,
        );
      return;
    }
    const phase = this.#phase;
    const tasks = this.#tasks.get(phase) ?? [];
    if (node.type === "list") {
      tasks.push(...this.#readTaskList(node, phase, tasks));
      this.#tasks.set(phase, tasks);
    } else if (phase === "testing" && tasks.length > 0) {
      this.#warn("format/text-outside-plan", "Text stands after the plan's last task.", at);
    } else if (node.type === "paragraph" && tasks.length === 0) {
      const loose = { text: this.#text.source(node), at };
      this.#looseParagraphs.set(phase, [...(this.#looseParagraphs.get(phase) ?? []), loose]);
      this.#warn(
        "format/stray-content",
        `Phase "${PHASE_NAMES[phase]}" has text instead of a task list.`,
        at,
      );
    } else {
      this.#warn("format/stray-content", `Unexpected ${node.type} in phase "${PHASE_NAMES[phase]}".`, at);
    }
  }

  #visitHeading(depth: number, text: string, at: SourcePoint | undefined): void {
    const phaseMatch = PHASE_HEADING.exec(text);
    if (phaseMatch) {
      const key = this.#phaseKey(Number(phaseMatch[1]), phaseMatch[2] ?? "");
      if (!key) {
        this.#warn("format/phase-name", `"${text}" is not one of the four phases.`, at);
        return;
      }
      if (depth !== 4)
        this.#warn("format/heading-level", `Phase headings are level 4 (####), not ${depth}.`, at);
      const expected = `Phase ${PHASE_KEYS.indexOf(key) + 1}: ${PHASE_NAMES[key]}`;
      if (text !== expected) this.#warn("format/phase-name", `"${text}" should read "${expected}".`, at);
      const previous = this.#phase ? PHASE_KEYS.indexOf(this.#phase) : -1;
      if (this.#tasks.has(key))
        this.#warn("format/phase-order", `Phase "${PHASE_NAMES[key]}" appears twice.`, at);
      else if (PHASE_KEYS.indexOf(key) < previous) {
        this.#warn("format/phase-order", `Phase "${PHASE_NAMES[key]}" comes after a later phase.`, at);
      }
      this.#phase = key;
      if (!this.#tasks.has(key)) this.#tasks.set(key, []);
      return;
    }
    if (PLAN_HEADING.test(text) && this.#title === undefined && this.#phase === undefined) {
      this.#title = text.replace(/^.*?implementation plan\s*[:.\-–—]?\s*/i, "").trim() || undefined;
      this.#titleAt = at;
      if (depth !== 3) this.#warn("format/heading-level", `The title is level 3 (###), not ${depth}.`, at);
      return;
    }
    if (this.#title === undefined && this.#phase === undefined) {
      this.#warn("format/text-outside-plan", `Heading "${text}" stands before the plan's title.`, at);
    } else if (PLAN_HEADING.test(text)) {
      this.#warn("format/single-heading", "A second plan heading was found.", at);
    } else if (this.#phase === "testing" && (this.#tasks.get("testing")?.length ?? 0) > 0) {
      this.#warn("format/text-outside-plan", `Heading "${text}" stands after the plan's last task.`, at);
    } else {
      this.#warn("format/stray-content", `Unexpected heading "${text}" inside the plan.`, at);
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
      const at = list.position?.start;
      this.#warn(
        "format/task-title",
        `Phase "${PHASE_NAMES[phase]}" lists steps without a bold task title.`,
        at,
      );
      const task = this.#sources.newTask(PHASE_NAMES[phase], at);
      for (const item of items) this.#readStep(item, task, 1);
      return task.steps.length > 0 ? [task] : [];
    }
    const tasks: PlanTask[] = [];
    for (const item of items) {
      const at = item.position?.start;
      const head = item.children[0];
      const bold = this.#boldTitle(item);
      const nested = item.children.filter((child): child is List => child.type === "list");
      const previous = tasks.at(-1) ?? existing.at(-1);
      if (!bold && nested.length === 0 && previous) {
        this.#warn("format/nesting", "A step is not nested under its task.", at);
        this.#readStep(item, previous, 1);
        continue;
      }
      this.#checkBox(item, at);
      let title = bold?.title ?? (head?.type === "paragraph" ? this.#paragraphText(head) : "");
      const number = TASK_NUMBER.exec(title)?.[1] ?? bold?.number;
      title = title.replace(TASK_NUMBER, "").trim();
      if (!bold) this.#warn("format/task-title", "A task does not start with its bold number and name.", at);
      const expected = taskNumber(phase, existing.length + tasks.length);
      if (number !== expected) {
        this.#warn(
          "format/task-numbering",
          `Task "${title}" is numbered ${number ?? "(none)"}, expected ${expected}.`,
          at,
        );
      }
      const task = this.#sources.newTask(title || "Untitled task", at);
      if (item.checked === true) this.#ticks.tasks.add(taskKey(task.title));
      if (bold?.rest) this.#sources.addStep(task, bold.rest, at);
      for (const child of item.children.slice(1)) {
        if (child.type === "list") {
          for (const stepItem of child.children) this.#readStep(stepItem, task, 1);
        } else {
          const at = child.position?.start;
          this.#sources.addStep(task, this.#text.source(child), at);
          this.#warn("format/nesting", "Text under a task is not a checkbox step.", at);
        }
      }
      if (task.steps.length === 0) {
        this.#error("format/task-without-steps", `Task "${task.title}" has no steps.`, at);
        this.#sources.addStep(task, task.title, at);
      }
      tasks.push(task);
    }
    return tasks;
  }

  /** Adds the step item's own text, then its nested items flattened, each with where it starts. */
  #readStep(item: ListItem, task: PlanTask, depth: number): void {
    const at = item.position?.start;
    this.#checkBox(item, at);
    const own = item.children.filter((child) => child.type !== "list");
    const first = own[0];
    const last = own.at(-1);
    if (first?.position && last?.position) {
      const column = first.position.start.column - 1;
      const raw = this.#text.md.slice(first.position.start.offset, last.position.end.offset);
      const text = dedent(raw, column).replace(CHECKBOX, "").trim();
      if (text) {
        this.#sources.addStep(task, text, at);
        if (item.checked === true) this.#ticks.steps.add(stepKey(task.title, text));
      }
    }
    for (const nested of item.children.filter((child): child is List => child.type === "list")) {
      if (depth >= 1)
        this.#warn("format/nesting", "Steps are nested deeper than one level.", nested.position?.start);
      for (const child of nested.children) this.#readStep(child, task, depth + 1);
    }
  }

  #checkBox(item: ListItem, at: SourcePoint | undefined): void {
    if (item.checked === true) this.#warn("format/checked-box", "A checkbox is already checked.", at);
    if (item.checked === null || item.checked === undefined) {
      this.#warn("format/checkbox-missing", "A list item has no checkbox.", at);
    }
  }

  /** `**1.1. Title** rest` at the start of the item's first paragraph. */
  #boldTitle(item: ListItem): { number?: string; title: string; rest: string } | undefined {
    const head = item.children[0];
    if (head?.type !== "paragraph") return undefined;
    const strong = head.children.find((child) => !(child.type === "text" && child.value.trim() === ""));
    if (strong?.type !== "strong" || !strong.position || !head.position) return undefined;
    const inner = this.#text.inner(strong.children).trim();
    const number = TASK_NUMBER.exec(inner)?.[1];
    const rest = this.#text.md
      .slice(strong.position.end.offset, head.position.end.offset)
      .replace(/^\s*[:\-–—]\s*/, "")
      .trim();
    return { ...(number ? { number } : {}), title: inner.replace(TASK_NUMBER, "").trim(), rest };
  }

  #phaseTasks(key: PhaseKey): PlanTask[] {
    const tasks = this.#tasks.get(key) ?? [];
    if (tasks.length > 0) return tasks;
    const loose = this.#looseParagraphs.get(key);
    if (loose?.length) {
      const task = this.#sources.newTask("No changes in this phase", loose[0]?.at);
      for (const paragraph of loose) this.#sources.addStep(task, paragraph.text, paragraph.at);
      return [task];
    }
    this.#error(
      "format/phase-missing",
      this.#tasks.has(key)
        ? `Phase "${PHASE_NAMES[key]}" has no tasks.`
        : `Phase "${PHASE_NAMES[key]}" is missing.`,
    );
    return [{ title: "Review this phase", steps: [MISSING_PHASE_STEP] }];
  }

  #paragraphText(paragraph: Paragraph): string {
    return this.#text.source(paragraph).replace(CHECKBOX, "").trim();
  }

  #warn(rule: FindingRule, message: string, at?: SourcePoint): void {
    // Rendering fixes these: count repeats instead of listing each one.
    const seen = this.#counted.get(rule);
    if (seen) seen.count += 1;
    else this.#counted.set(rule, { count: 1, first: finding(rule, "warning", message, at) });
  }

  #error(rule: FindingRule, message: string, at?: SourcePoint): void {
    this.#findings.push(finding(rule, "error", message, at));
  }

  #allFindings(): Finding[] {
    const warnings = [...this.#counted.values()].map(({ count, first }) =>
      count > 1 ? { ...first, message: `${first.message} (${count} times)` } : first,
    );
    return [...this.#findings, ...warnings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
}
