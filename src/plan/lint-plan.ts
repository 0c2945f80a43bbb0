// Checks a plan written in Markdown against the format and the repository: what `lint-plan` reports.
import { MAX_COMMENT_CHARS } from "./compose-plan-comment.js";
import { groundPlan } from "./ground-plan.js";
import { type Finding, finding } from "./plan-findings.js";
import type { Plan } from "./plan-model.js";
import { readPlanReply } from "./read-plan-reply.js";
import type { RepoFacts } from "./repo-facts.js";
import { sanitizeMarkdown } from "./sanitize-markdown.js";
import { unwrapReply } from "./strip-wrapping-fence.js";

export interface LintResult {
  plan: Plan | null;
  findings: Finding[];
}

// Room the comment needs besides the plan: markers, checks and footer.
const COMMENT_OVERHEAD = 1_500;

export function lintPlan(markdown: string, facts: RepoFacts, allowedUrls?: ReadonlySet<string>): LintResult {
  const parsed = readPlanReply(markdown, "markdown");
  const findings = [...parsed.findings];
  if (parsed.plan) findings.push(...groundPlan(parsed.plan, facts));
  findings.push(
    ...sanitizeMarkdown(unwrapReply(markdown).markdown, allowedUrls ? { allowedUrls } : {}).findings,
  );
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
