// gitleaks' default rules (vendored as data by scripts/import-gitleaks-rules.mjs) run as a SecretRule: a rule's
// regex runs only on texts holding one of its keywords, which keeps 200+ rules fast over thousands of files.
// Departures from gitleaks: path allowlists are not applied (we redact every file we read), and the rules'
// leading key-name context is dropped at import (the secret's span is unchanged).
import data from "./gitleaks-rules.json" with { type: "json" };
import { groupSpan, type SecretRule, type SecretSpan, shannonEntropy } from "./secret-span.js";

interface RegexData {
  source: string;
  flags: string;
}

interface AllowlistData {
  target: string;
  regexes: RegexData[];
  stopwords: string[];
}

interface RuleData extends RegexData {
  id: string;
  keywords: string[];
  secretGroup?: number;
  entropy?: number;
  allowlists: (AllowlistData | null)[];
}

interface Allowlist {
  target: "secret" | "match" | "line";
  regexes: RegExp[];
  stopwords: string[];
}

interface CompiledRule {
  id: string;
  regex: RegExp;
  keywords: string[];
  secretGroup: number | undefined;
  entropy: number | undefined;
  allowlists: Allowlist[];
}

const compile = ({ source, flags }: RegexData) => new RegExp(source, flags);
const toAllowlist = (allow: AllowlistData): Allowlist => ({
  target: allow.target === "match" || allow.target === "line" ? allow.target : "secret",
  regexes: allow.regexes.map(compile),
  stopwords: allow.stopwords,
});

const GLOBAL_ALLOWLIST = data.allowlist ? [toAllowlist(data.allowlist)] : [];
const RULES: CompiledRule[] = (data.rules as RuleData[]).map((rule) => ({
  id: rule.id,
  regex: new RegExp(rule.source, `${rule.flags}gd`),
  keywords: rule.keywords,
  secretGroup: rule.secretGroup,
  entropy: rule.entropy,
  allowlists: rule.allowlists.filter((allow): allow is AllowlistData => allow !== null).map(toAllowlist),
}));

export const GITLEAKS_SOURCE = data.source;
export const GITLEAKS_RULE_COUNT = RULES.length;
export const GITLEAKS_KEYWORDS = RULES.flatMap((rule) => rule.keywords);

export const gitleaksRules: SecretRule = ({ text, keywords }) => {
  const spans: SecretSpan[] = [];
  for (const rule of RULES) {
    if (rule.keywords.length > 0 && !rule.keywords.some((keyword) => keywords.has(keyword))) continue;
    rule.regex.lastIndex = 0;
    for (let match = rule.regex.exec(text); match; match = rule.regex.exec(text)) {
      if (match[0] === "") rule.regex.lastIndex += 1;
      const span = secretOf(rule, match);
      if (!span) continue;
      const secret = text.slice(span[0], span[1]);
      if (rule.entropy !== undefined && shannonEntropy(secret) <= rule.entropy) continue;
      const context = { secret, match: match[0], line: lineAround(text, span[0]) };
      if ([...GLOBAL_ALLOWLIST, ...rule.allowlists].some((allow) => allows(allow, context))) continue;
      spans.push({ start: span[0], end: span[1], kind: rule.id, named: true });
    }
  }
  return spans;
};

/** As gitleaks: the configured group, else the first non-empty group, else the whole match. */
function secretOf(rule: CompiledRule, match: RegExpExecArray): [number, number] | undefined {
  if (rule.secretGroup !== undefined) return groupSpan(match, rule.secretGroup);
  for (let group = 1; group < match.length; group += 1) {
    const span = groupSpan(match, group);
    if (span) return span;
  }
  return groupSpan(match, 0);
}

function allows(allow: Allowlist, context: { secret: string; match: string; line: string }): boolean {
  const target = context[allow.target];
  if (allow.regexes.some((regex) => regex.test(target))) return true;
  const secret = context.secret.toLowerCase();
  return allow.stopwords.some((word) => secret.includes(word));
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end === -1 ? text.length : end);
}
