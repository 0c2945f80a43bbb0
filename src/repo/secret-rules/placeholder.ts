// Whether a value written next to a secret's name is the secret itself or something a plan needs to see: a
// reference to where the secret lives, a placeholder, or an ordinary word.

const REFERENCE =
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|env\(|ENV\[|ENV\.fetch|System\.getenv|Environment\.|getenv|config\.|settings\.|secrets\.|vault:|\$|%|<|\{\{|\{%|\[REDACTED)/i;

const PLACEHOLDER_WORDS = new Set(
  (
    "true false null nil none undefined required optional string str number int bool boolean any object " +
    "changeme change-me change_me changeit password passwd secret token example sample test dummy fake " +
    "placeholder redacted hidden masked todo tbd fixme replace_me replaceme default empty blank"
  ).split(" "),
);

/** True when the value must be hidden: a literal that is not a reference, placeholder or plain identifier. */
export function looksLikeSecretValue(raw: string): boolean {
  const value = raw.trim();
  if (value.length < 4) return false;
  if (REFERENCE.test(value)) return false;
  if (isPlaceholder(value)) return false;
  // Identifiers and words (`form.password`, `passwordField`, `SECRET_KEY_BASE`): code, not a value.
  if (/^[A-Za-z]+(?:[._-][A-Za-z]+)*$/.test(value) && value.length < 32) return false;
  if (isIdentifier(value)) return false;
  // Code (`request.form.get("password")`, `cfg["token"]`) and prose (`Password is required`).
  if (/^[A-Za-z_$][\w$]*(?:\.[\w$]+)*\s*[([]/.test(value)) return false;
  if (/\s/.test(value) && /^[A-Za-z][A-Za-z ,.'!?:|-]*$/.test(value)) return false;
  // Interpolations (`Basic ${encoded}`, `#{token}`, `{{ .Values.password }}`) hold a reference.
  if (/\$\{|#\{|\{\{|%\(/.test(value)) return false;
  // Dates and timestamps (`refreshTokenExpiresAt: "2026-01-01T00:00:00Z"`).
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/.test(value)) return false;
  // Versions and ranges (`"@octokit/auth-token": "^6.0.0"`).
  if (/^(?:[\^~]|[<>]=?|=)?v?\d+(?:\.(?:\d+|x|\*))*(?:[-+][0-9A-Za-z.-]+)?$/.test(value)) return false;
  // Numbers, sizes and durations (`token_ttl: 3600`, `max_tokens: 4096`).
  if (/^[0-9]+(?:\.[0-9]+)*[a-z]{0,2}$/i.test(value)) return false;
  return true;
}

/** `your-api-key`, `<token>`, `xxx`, `***`, `changeme`, `sk-...`: shown in docs in place of a real value. */
export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (/^(?:x+|\*+|\.+|-+|_+|#+|0+|1234(?:5678?)?)$/i.test(value)) return true;
  if (/^<[^>]*>$|^\[[^\]]*\]$|^\{[^}]*\}$/.test(value)) return true;
  if (
    /(?:^|[^a-z])(?:your|my|insert|replace|enter|put)[-_ ]?[a-z]*[-_ ]?(?:here|key|token|secret|password)/i.test(
      value,
    )
  )
    return true;
  if (/^(?:your|my|some)[-_]/i.test(value)) return true;
  return /x{5,}|\*{3,}|\.{3}|_here$|-here$/i.test(value);
}

/** `config.apiKey`, `passwordField`, `SECRET_KEY_BASE`, `getPassword()`: names in code, not values. */
function isIdentifier(value: string): boolean {
  const name = value.replace(/\(\)$/, "");
  const segments = name.split(".");
  if (segments.length > 1 && segments.every((segment) => /^[A-Za-z_$]+[0-9]{0,2}$/.test(segment)))
    return true;
  if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(name) || /^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/.test(name)) return true;
  return /^[A-Z]+(?:_[A-Z]+)+$/.test(name);
}
