// Credentials recognised by where they sit rather than by their shape: passwords in URLs and connection strings,
// HTTP auth headers, `curl -u` and `--password` flags, base64-wrapped JSON credentials and PEM keys.
import { isPlaceholder, looksLikeSecretValue } from "./placeholder.js";
import { isSecretName } from "./secret-name.js";
import { groupSpan, type SecretRule, type SecretSpan, shannonEntropy } from "./secret-span.js";

interface ContextPattern {
  kind: string;
  pattern: RegExp;
  /** Capture group holding the secret. */
  group: number;
  /** Capture group holding a name that must say "secret" (a header, a flag); checked by isSecretName. */
  nameGroup?: number;
  /** Extra test on the value beyond looksLikeSecretValue. */
  accept?: (value: string) => boolean;
}

const randomEnough = (value: string) => value.length >= 20 && shannonEntropy(value) > 3.5;

const PATTERNS: ContextPattern[] = [
  // user:password@ in any scheme, the user possibly empty (`redis://:pw@host`).
  {
    kind: "password in URL",
    pattern: /:\/\/[^\s:/@'"`<>]*:([^\s@/'"`<>]+)@/dg,
    group: 1,
  },
  // A token as the whole userinfo: Sentry DSNs, `https://<token>@github.com/...`.
  {
    kind: "token in URL",
    pattern: /\bhttps?:\/\/([A-Za-z0-9_-]{20,})@/dg,
    group: 1,
    accept: randomEnough,
  },
  // ADO.NET, ODBC, JDBC properties and Azure connection strings; SAS and token query parameters.
  {
    kind: "password in connection string",
    pattern:
      /(?:^|[;"'\s&?(])(Password|Pwd|AccountKey|SharedAccessKey|SharedAccessSignature|ClientSecret|sig|access_token|api_key|apikey|token)[ \t]*=[ \t]*\{?([^;"'\s<>&{}]+)/dgim,
    group: 2,
  },
  {
    kind: "HTTP authorization",
    pattern:
      /\b(?:Proxy-)?Authorization\b["']?[ \t]*[:=,][ \t]*["']?(?:Bearer|Basic|Token|Digest|Bot|ApiKey|SSWS|token)[ \t]+([A-Za-z0-9._~+/=:-]{8,})/dgi,
    group: 1,
  },
  {
    kind: "bearer token",
    pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{20,}=*)/dg,
    group: 1,
    accept: randomEnough,
  },
  // `-H "X-Api-Key: v"`, `"Private-Token: v"`.
  {
    kind: "HTTP header",
    pattern: /["'\s]((?:X-)?[A-Za-z]+(?:-[A-Za-z]+)*)[ \t]*:[ \t]*([A-Za-z0-9._~+/=-]{8,})(?=["'\s\\])/dg,
    group: 2,
    nameGroup: 1,
  },
  {
    kind: "curl credentials",
    pattern: /(?:^|\s)(?:-u|--user|--proxy-user)[ \t]*["']?[^\s:"']*:([^\s"']+)/dgm,
    group: 1,
  },
  // `--password=v`, `--token v`, `-p'v'` after mysql.
  {
    kind: "password flag",
    pattern: /(?:^|\s)--?([A-Za-z][A-Za-z-]*)(?:=|[ \t]+)["']?([^\s"'$<]{4,})/dgm,
    group: 2,
    nameGroup: 1,
  },
  {
    kind: "netrc password",
    pattern: /\bmachine[ \t]+\S+[ \t]+login[ \t]+\S+[ \t]+password[ \t]+(\S+)/dg,
    group: 1,
  },
  { kind: "password flag", pattern: /\bmysql(?:dump)?\b[^\n]*?\s-p["']?([^\s"'$]{3,})/dg, group: 1 },
];

// base64 of `{"` / `{\n` (JSON) and of `-----BEGIN` (PEM): credentials wrapped so no rule sees them.
const BASE64_BLOB = /\b(?:eyJ|ewo|e3[0-9A-Za-z]|LS0tLS1CRUdJTi)[A-Za-z0-9+/_-]{30,}={0,2}/g;
const CREDENTIAL_JSON =
  /"(?:private_key|client_secret|password|auth|token|refresh_token|secret|access_token|apiKey|api_key)"\s*:/;

export const contextRules: SecretRule = ({ text }) => {
  const spans: SecretSpan[] = [];
  for (const { kind, pattern, group, nameGroup, accept } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      if (nameGroup !== undefined && !isSecretName(match[nameGroup] ?? "")) continue;
      const span = groupSpan(match, group);
      if (!span) continue;
      const value = text.slice(span[0], span[1]);
      if (isPlaceholder(value) || !looksLikeSecretValue(value) || (accept && !accept(value))) continue;
      spans.push({ start: span[0], end: span[1], kind, named: false });
    }
  }
  for (const match of text.matchAll(BASE64_BLOB)) {
    const kind = wrappedCredential(match[0]);
    if (kind) spans.push({ start: match.index, end: match.index + match[0].length, kind, named: true });
  }
  return spans;
};

function wrappedCredential(blob: string): string | undefined {
  const decoded = Buffer.from(
    blob,
    blob.includes("-") || blob.includes("_") ? "base64url" : "base64",
  ).toString("latin1");
  if (/PRIVATE KEY/.test(decoded)) return "base64 private key";
  if (decoded.trimStart().startsWith("{") && CREDENTIAL_JSON.test(decoded)) return "base64 JSON credentials";
  return undefined;
}
