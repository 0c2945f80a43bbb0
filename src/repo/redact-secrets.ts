// Text that looks like a credential is replaced before anything reaches the prompt: committed keys happen, and
// an LLM provider is a third party. Four rule sets report spans (./secret-rules/); overlapping spans merge so
// no part of a secret survives, and each is replaced by `[REDACTED <kind>]` or, beside its key, `[REDACTED]`.
import { assignmentRules } from "./secret-rules/assignment-rules.js";
import { contextRules } from "./secret-rules/context-rules.js";
import { GITLEAKS_KEYWORDS, gitleaksRules } from "./secret-rules/gitleaks-rules.js";
import { KeywordIndex } from "./secret-rules/keyword-index.js";
import type { SecretRule, SecretSpan } from "./secret-rules/secret-span.js";
import { TOKEN_KEYWORDS, tokenRules } from "./secret-rules/token-rules.js";

// Earlier rule sets name the replacement when spans overlap: a provider's key reads better than "value of x".
const RULES: SecretRule[] = [tokenRules, gitleaksRules, contextRules, assignmentRules];
// One pass finds every keyword the provider rules need; a rule whose keywords are absent does not run.
const KEYWORDS = new KeywordIndex([...TOKEN_KEYWORDS, ...GITLEAKS_KEYWORDS]);

export interface Redaction {
  text: string;
  /** Kinds of secret found, one entry per replacement. */
  found: string[];
}

export function redactSecrets(text: string): Redaction {
  const lower = text.toLowerCase();
  const search = { text, lower, keywords: KEYWORDS.present(lower) };
  const spans = RULES.flatMap((rule, priority) => rule(search).map((span) => ({ ...span, priority })));
  if (spans.length === 0) return { text, found: [] };
  const merged = mergeSpans(spans);
  const found: string[] = [];
  let result = "";
  let cursor = 0;
  for (const span of merged) {
    found.push(span.kind);
    result += `${text.slice(cursor, span.start)}${span.named ? `[REDACTED ${span.kind}]` : "[REDACTED]"}`;
    cursor = span.end;
  }
  return { text: result + text.slice(cursor), found };
}

/** Overlapping spans become one covering them all, named by the highest-priority rule among them. */
function mergeSpans(spans: (SecretSpan & { priority: number })[]): SecretSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: (SecretSpan & { priority: number })[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (span.priority < last.priority)
        Object.assign(last, { kind: span.kind, named: span.named, priority: span.priority });
      continue;
    }
    merged.push({ ...span });
  }
  return merged;
}
