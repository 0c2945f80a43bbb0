// Text that looks like a credential is replaced before anything reaches the prompt: committed keys happen, and
// an LLM provider is a third party.

interface SecretPattern {
  name: string;
  pattern: RegExp;
  /** Index of the capture group holding the secret; the whole match when absent. */
  group?: number;
}

const PATTERNS: SecretPattern[] = [
  {
    name: "private key",
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  { name: "AWS access key", pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[0-9A-Z]{16}\b/g },
  { name: "GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/g },
  { name: "GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { name: "Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g },
  { name: "Slack webhook", pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g },
  { name: "Stripe key", pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { name: "OpenAI key", pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}\b/g },
  { name: "Anthropic key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}\b/g },
  { name: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: "Twilio key", pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  { name: "SendGrid key", pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g },
  { name: "npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  {
    name: "JSON web token",
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g,
  },
  // user:password@ in connection strings (postgres://, mongodb+srv://, redis://, amqp://...)
  { name: "password in URL", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:([^\s@/'"]{3,})@/gi, group: 1 },
];

// key = "value" assignments whose key names a secret, in code, YAML, TOML, JSON and .env styles.
const ASSIGNMENT =
  /\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?)[A-Za-z0-9_.-]*)(["']?\s*[:=]\s*["']?)([^\s"'`,;)}{]{8,})/gi;

export interface Redaction {
  text: string;
  /** Kinds of secret found, one entry per replacement. */
  found: string[];
}

export function redactSecrets(text: string): Redaction {
  const found: string[] = [];
  let result = text;
  for (const { name, pattern, group } of PATTERNS) {
    result = result.replace(pattern, (match, ...groups: unknown[]) => {
      found.push(name);
      if (group === undefined) return `[REDACTED ${name}]`;
      const secret = String(groups[group - 1] ?? "");
      return match.replace(secret, "[REDACTED]");
    });
  }
  result = result.replace(ASSIGNMENT, (match, key: string, separator: string, value: string) => {
    if (!looksLikeSecretValue(value)) return match;
    found.push(`value of ${key}`);
    return `${key}${separator}[REDACTED]`;
  });
  return { text: result, found };
}

/** Placeholders, references and ordinary words are not secrets; random-looking strings are. */
function looksLikeSecretValue(value: string): boolean {
  if (value.includes("[REDACTED")) return false;
  if (
    /^(process\.env|os\.environ|env\(|ENV\[|\$\{?|<|%|\{\{|getenv|config\.|settings\.|import\.meta)/i.test(
      value,
    )
  )
    return false;
  if (
    /^(true|false|null|none|undefined|required|optional|string|number|changeme|password|secret|example|x{3,}|\*+)$/i.test(
      value,
    )
  )
    return false;
  if (/^[a-z]+([._-][a-z]+)*$/i.test(value) && value.length < 24) return false;
  return shannonEntropy(value) >= 3.2;
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
