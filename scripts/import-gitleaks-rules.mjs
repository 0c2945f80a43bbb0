// Turns gitleaks' default rule set (config/gitleaks.toml, MIT) into src/repo/secret-rules/gitleaks-rules.json:
// its Go (RE2) regexes rewritten for JavaScript, its keywords and allowlists kept as data.
// Usage: node scripts/import-gitleaks-rules.mjs <path/to/gitleaks.toml> <gitleaks commit>
// Re-run it to take a newer gitleaks release; the JSON is committed so the app and the Action bundle need no
// parsing or network at run time.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

// Ours handles secret-named assignments with placeholder rules fitted to plans; gitleaks' generic rule flags any
// high-entropy value near "key" (cache keys, commit SHAs) and would blank what a plan needs.
// Our PEM rule wants a key body after the header; gitleaks' takes any 64 characters up to the next "KEY-----", so
// an error message naming the header blanked the code that followed it.
// hashicorp-tf-password and nuget-config-password are generic `password = "…"` rules gitleaks applies to .tf and
// nuget.config files only; redaction sees no paths, and our assignment rules cover those syntaxes in every file.
const DROPPED = new Set(["generic-api-key", "private-key", "hashicorp-tf-password", "nuget-config-password"]);
const OUT = "src/repo/secret-rules/gitleaks-rules.json";
// Many rules start with `[\w.-]{0,50}?` to take in the key name before the keyword: an optional lazy prefix
// changes neither whether a rule matches nor its secret group, and JavaScript retries it at every position
// (half the time of all rules). The secret's span is what redaction needs.
const LEADING_CONTEXT = "[\\w.-]{0,50}?";

const [tomlPath, commit] = process.argv.slice(2);
if (!tomlPath || !commit) throw new Error("usage: import-gitleaks-rules.mjs <gitleaks.toml> <commit>");
const config = parseGitleaksToml(readFileSync(tomlPath, "utf8"));

const skipped = [];
const rules = [];
for (const rule of config.rules) {
  if (DROPPED.has(rule.id) || !rule.regex) {
    skipped.push(`${rule.id}: ${rule.regex ? "dropped" : "no regex (path rule)"}`);
    continue;
  }
  try {
    rules.push({
      id: rule.id,
      ...toJs(rule.regex),
      keywords: (rule.keywords ?? []).map((keyword) => keyword.toLowerCase()),
      ...(rule.secretGroup ? { secretGroup: rule.secretGroup } : {}),
      ...(rule.entropy ? { entropy: rule.entropy } : {}),
      allowlists: (rule.allowlists ?? []).map(toAllowlist).filter((allow) => allow !== undefined),
    });
  } catch (error) {
    skipped.push(`${rule.id}: ${error.message}`);
  }
}
const global = toAllowlist(config.allowlist ?? {});
writeFileSync(
  OUT,
  `${JSON.stringify({ source: `gitleaks ${commit} config/gitleaks.toml (MIT)`, allowlist: global, rules }, null, 1)}\n`,
);
// The committed file must pass `biome check`, which formats JSON too.
execFileSync("npx", ["biome", "format", "--write", OUT], { stdio: "inherit" });
console.log(`${rules.length} rules written to ${OUT}; skipped ${skipped.length}:\n  ${skipped.join("\n  ")}`);

/** Path and commit allowlists cannot apply to text; an AND allowlist with paths is dropped whole. */
function toAllowlist(allow) {
  if (allow.condition === "AND" && (allow.paths?.length || allow.commits?.length)) return undefined;
  const regexes = (allow.regexes ?? []).map(toJs);
  const stopwords = (allow.stopwords ?? []).map((word) => word.toLowerCase());
  if (regexes.length === 0 && stopwords.length === 0) return undefined;
  return { target: allow.regexTarget ?? "secret", regexes, stopwords };
}

/** RE2 -> JavaScript: inline case flags become letter classes, POSIX classes and \z their equivalents. */
function toJs(goSource) {
  let flags = "";
  let source = goSource;
  if (source.startsWith("(?i)")) {
    flags = "i";
    source = source.slice(4);
  }
  source = source
    .replaceAll("(?P<", "(?<")
    .replaceAll("\\z", "$")
    .replaceAll("[:alnum:]", "A-Za-z0-9")
    .replaceAll("[:alpha:]", "A-Za-z")
    .replaceAll("[:digit:]", "0-9");
  source = foldInlineCase(source, flags === "i");
  source = withoutLeadingContext(source);
  new RegExp(source, flags);
  return { source, flags };
}

function withoutLeadingContext(source) {
  let out = source;
  for (;;) {
    if (out.startsWith(LEADING_CONTEXT)) out = out.slice(LEADING_CONTEXT.length);
    else if (out.startsWith(`(?:${LEADING_CONTEXT}`)) out = `(?:${out.slice(3 + LEADING_CONTEXT.length)}`;
    else return out;
  }
}

function foldInlineCase(source, globalIgnoreCase) {
  let out = "";
  // One entry per open group: whether letters inside match either case.
  const stack = [false];
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    const fold = !globalIgnoreCase && stack[stack.length - 1];
    if (char === "\\") {
      out += source.slice(i, i + 2);
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      else if (fold && /[a-z]/i.test(char)) {
        const range = source.slice(i, i + 3);
        if (/^[a-z]-[a-z]$|^[A-Z]-[A-Z]$/.test(range)) {
          out += `${range}${swapCase(range[0])}-${swapCase(range[2])}`;
          i += 2;
          continue;
        }
        out += char + swapCase(char);
        continue;
      }
      out += char;
      continue;
    }
    if (char === "[") {
      inClass = true;
      out += char;
      continue;
    }
    const rest = source.slice(i);
    const flag = /^\(\?(-?)([is]+)(:|\))/.exec(rest);
    if (flag) {
      const on = flag[1] === "" && flag[2].includes("i");
      const touchesCase = flag[2].includes("i");
      if (flag[3] === ")") {
        if (touchesCase) stack[stack.length - 1] = on;
      } else {
        stack.push(touchesCase ? on : stack[stack.length - 1]);
        out += "(?:";
      }
      if (flag[2].includes("s")) throw new Error("dot-all groups are not supported");
      i += flag[0].length - 1;
      continue;
    }
    if (char === "(") stack.push(stack[stack.length - 1]);
    if (char === ")") stack.pop();
    out += fold && /[a-z]/i.test(char) ? `[${char}${swapCase(char)}]` : char;
  }
  return out;
}

function swapCase(char) {
  return char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
}

/** The subset of TOML gitleaks.toml is written in: tables, arrays of tables, ''' and " strings, numbers, arrays. */
function parseGitleaksToml(text) {
  const root = { rules: [] };
  let target = root;
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index].trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line === "[[rules]]") {
      target = {};
      root.rules.push(target);
    } else if (line === "[[rules.allowlists]]") {
      const rule = root.rules.at(-1);
      target = {};
      rule.allowlists ??= [];
      rule.allowlists.push(target);
    } else if (line === "[allowlist]") {
      target = {};
      root.allowlist = target;
    } else {
      const match = /^(\w+)\s*=\s*(.*)$/.exec(line);
      if (!match) throw new Error(`line ${index + 1}: ${line}`);
      let value = match[2];
      if (value.startsWith("[") && !value.endsWith("]")) {
        while (!lines[index].trim().startsWith("]")) {
          index += 1;
          value += `\n${lines[index]}`;
        }
      }
      target[match[1]] = parseValue(value.trim());
    }
  }
  return root;
}

function parseValue(value) {
  if (value.startsWith("'''")) return value.slice(3, -3);
  if (value.startsWith('"')) return JSON.parse(value);
  if (value.startsWith("[")) {
    const items = [];
    for (const item of value.slice(1, -1).matchAll(/'''(.*?)'''|("(?:[^"\\]|\\.)*")/gs)) {
      items.push(item[1] ?? JSON.parse(item[2]));
    }
    return items;
  }
  return Number(value);
}
