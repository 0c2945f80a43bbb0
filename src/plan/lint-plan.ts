// Checks a plan written in Markdown against the format and the repository: what `lint-plan` reports.
import { MAX_COMMENT_CHARS } from "./compose-plan-comment.js";
import { groundPlan } from "./ground-plan.js";
import { locatePlanMarkdown } from "./parse-plan-markdown.js";
import { type Finding, finding, type SourcePoint } from "./plan-findings.js";
import type { Plan } from "./plan-model.js";
import type { PlanSources } from "./plan-sources.js";
import { droppedChatter } from "./read-plan-reply.js";
import type { RepoFacts } from "./repo-facts.js";
import { sanitizeMarkdown } from "./sanitize-markdown.js";
import { locateReply } from "./strip-wrapping-fence.js";

export interface LintResult {
  plan: Plan | null;
  findings: Finding[];
}

// Room the comment needs besides the plan: markers, checks and footer.
const COMMENT_OVERHEAD = 1_500;

/**
 * The findings carry the 1-based line and column in `markdown` itself (past a wrapping fence or blank lines) of
 * the node each is about: a step or task for the grounding rules; none for what concerns the whole plan.
 */
export function lintPlan(markdown: string, facts: RepoFacts, allowedUrls?: ReadonlySet<string>): LintResult {
  const reply = locateReply(markdown);
  const parsed = locatePlanMarkdown(reply.markdown);
  const inPlan = [...parsed.findings];
  if (parsed.plan)
    inPlan.push(...groundPlan(parsed.plan, facts).map((entry) => placed(entry, parsed.sources)));
  inPlan.push(...sanitizeMarkdown(reply.markdown, allowedUrls ? { allowedUrls } : {}).findings);
  const findings = inPlan.map((entry) => inReply(entry, reply.start));
  if (reply.droppedChatter) findings.unshift(droppedChatter());
  if (markdown.length > MAX_COMMENT_CHARS - COMMENT_OVERHEAD) {
    findings.push(
      finding(
        "size/comment-limit",
        "warning",
        `The plan has ${markdown.length} characters; GitHub comments hold ${MAX_COMMENT_CHARS}, so steps at the end would be left out.`,
      ),
    );
  }
  return { plan: parsed.plan, findings };
}

/** A finding about a task or step, at the item that holds it. */
function placed(entry: Finding, sources: PlanSources): Finding {
  if (entry.line !== undefined || !entry.at) return entry;
  const task = sources[entry.at.phase][entry.at.task];
  const at = entry.at.step < 0 ? task?.title : task?.steps[entry.at.step];
  return at ? { ...entry, line: at.line, column: at.column } : entry;
}

/** A position in the unwrapped plan, moved to the same place in the reply it was cut from. */
function inReply(entry: Finding, start: SourcePoint): Finding {
  const { line, column } = entry;
  if (line === undefined || column === undefined) return entry;
  // Only the plan's first line shares its start with text cut before it (indentation, a BOM).
  return { ...entry, line: line + start.line - 1, column: line === 1 ? column + start.column - 1 : column };
}
