// Values given to a secret-named key, in the syntaxes repositories use: `.env`, YAML (plain, quoted, folded
// and literal blocks), TOML, INI, .properties, JSON, XML elements and key/value attributes, PHP arrays, and
// code assignments, setters and credential constructors in JS/TS, Python, Ruby, Go, Java and C#.
import { looksLikeSecretValue } from "./placeholder.js";
import { endsWithKey, isSecretName, isSecretSetter } from "./secret-name.js";
import { groupSpan, type SecretRule, type SecretSpan, shannonEntropy } from "./secret-span.js";

const KEY = "[A-Za-z_$@][A-Za-z0-9_.$-]*";

// `KEY = value` / `KEY: value` on its own line, unquoted, to the end of the line (a trailing comment aside).
const LINE = new RegExp(
  String.raw`^[ \t]*(?:export[ \t]+|-[ \t]+|set[ \t]+|ENV[ \t]+|ARG[ \t]+)?["']?(${KEY})["']?[ \t]*(?:=|:(?![:=]))[ \t]*([^\s'"\x60#|>][^\n]*?)[ \t]*(?:[ \t][#;].*|[ \t]//.*)?[,;]?$`,
  "gmd",
);
// `KEY: |` / `KEY: >-` followed by an indented block: YAML literal and folded scalars.
const BLOCK = new RegExp(
  String.raw`^([ \t]*)(?:-[ \t]+)?["']?(${KEY})["']?:[ \t]*[|>][-+0-9]*[ \t]*$`,
  "gmd",
);
// A secret's name holds one of these stems. Searching from the stem (the start of the name is found by
// scanning back) without match indices is several times faster on code than trying every word as a key.
const STEM = "(?:pass|pwd|secret|token|key|auth|cred|sig|bearer)[A-Za-z0-9_.$-]*";
// A quoted value after a key: `key = "v"`, `"key": "v"`, `'key' => 'v'`, `:key => "v"`, `Key: "v"`,
// `put("key", "v")`, `key="v"` (an XML attribute). Group 1: the rest of the key; 3: the value.
const QUOTED = new RegExp(
  String.raw`(${STEM})["'\x60]?\]?[ \t]*(?:=>|:=|\?\?=|=|:|,)[ \t]*(?:new[ \t]+String\(|[rbuf]|@)?(["'\x60])((?:(?!\2)[^\\\n]|\\.){1,300})\2`,
  "gi",
);
// `setPassword("v")`, `.password("v")`, `WithToken("v")`, `set_password('v')`.
const SETTER = new RegExp(String.raw`(${STEM})[ \t]*\([ \t]*(["'])((?:(?!\2)[^\\\n]|\\.){1,300})\2`, "gi");
// The second string of a credential constructor or tuple: `new NetworkCredential("u", "p")`,
// `HTTPBasicAuth("u", "p")`, `SetBasicAuth("u", "p")`, `auth=("u", "p")`, `basic_auth("u", "p")`, Faraday's `:basic, "u", "p"`.
const CREDENTIAL_PAIR =
  /(?:(?:Credentials?|PasswordAuthentication|BasicAuth|basic_auth|auth)[ \t]*(?:=|\()|:basic[ \t]*,)[ \t]*[([]?[ \t]*(["'])[^"'\n]*\1[ \t]*,[ \t]*(["'])((?:(?!\2)[^\\\n])+)\2/dg;
// `<password>v</password>`; `<add key="DbPassword" value="v"/>`.
const XML_ELEMENT = /<([A-Za-z_][\w.:-]*)>([^<\n]{1,300})<\/\1>/dg;
const XML_KEY_VALUE = /\b(?:key|name)=["']([^"'\n]+)["'][^>\n]*?\bvalue=["']([^"'\n]+)["']/dg;

export const assignmentRules: SecretRule = ({ text }) => {
  const spans: SecretSpan[] = [];
  const add = (match: RegExpExecArray, keyGroup: number | string, valueGroup: number) => {
    const key = typeof keyGroup === "string" ? keyGroup : (match[keyGroup] ?? "");
    const span = groupSpan(match, valueGroup);
    if (!span || !looksLikeValueOf(key, text.slice(span[0], span[1]))) return;
    spans.push({ start: span[0], end: span[1], kind: `value of ${key}`, named: false });
  };
  // An unquoted value with spaces is code (`a ? b : c`) or prose, not a config value.
  for (const match of text.matchAll(LINE)) {
    if (isSecretKey(match[1], match[2]) && !/\s/.test(match[2] ?? "")) add(match, 1, 2);
  }
  const named: [RegExp, (name: string, value: string) => boolean][] = [
    [QUOTED, isSecretKey],
    [SETTER, (name) => isSecretSetter(name)],
  ];
  for (const [regex, accepts] of named) {
    for (const match of text.matchAll(regex)) {
      const key = `${text.slice(nameStart(text, match.index), match.index)}${match[1]}`;
      const value = match[3] ?? "";
      if (!accepts(key, value) || !looksLikeValueOf(key, value) || (regex === SETTER && /\s/.test(value)))
        continue;
      const end = match.index + match[0].length - 1;
      spans.push({ start: end - value.length, end, kind: `value of ${key}`, named: false });
    }
  }
  for (const match of text.matchAll(CREDENTIAL_PAIR)) add(match, "credentials", 3);
  for (const match of text.matchAll(XML_ELEMENT)) if (isSecretName(match[1] ?? "")) add(match, 1, 2);
  for (const match of text.matchAll(XML_KEY_VALUE)) if (isSecretName(match[1] ?? "")) add(match, 1, 2);
  for (const match of text.matchAll(BLOCK)) {
    const key = match[2] ?? "";
    if (!isSecretName(key)) continue;
    const block = blockAfter(text, match.index + match[0].length, (match[1] ?? "").length);
    if (block && looksLikeSecretValue(text.slice(block[0], block[1]).replace(/\s+/g, ""))) {
      spans.push({ start: block[0], end: block[1], kind: `value of ${key}`, named: false });
    }
  }
  return spans;
};

/** A secret-looking value that is not a variable named after its key (`token: token2`, `password: pwd`). */
function looksLikeValueOf(key: string, value: string): boolean {
  const bare = value.replace(/[0-9_]+$/, "").toLowerCase();
  return looksLikeSecretValue(value) && !(bare.length >= 3 && key.toLowerCase().includes(bare));
}

/** Where the name ending at `index` starts: `DB_` of `DB_PASSWORD` when the stem search found `PASSWORD`. */
function nameStart(text: string, index: number): number {
  let start = index;
  while (start > 0 && /[A-Za-z0-9_.$@/-]/.test(text.charAt(start - 1))) start -= 1;
  return start;
}

/** A secret-named key, or a bare `Key` (`"Jwt": { "Key": … }`) holding a random value; hex (SHAs) is not. */
function isSecretKey(key = "", value = ""): boolean {
  if (isSecretName(key)) return true;
  return (
    endsWithKey(key) &&
    value.length >= 24 &&
    /[a-z]/.test(value) &&
    /[A-Z]/.test(value) &&
    /[0-9]/.test(value) &&
    shannonEntropy(value) > 4.2
  );
}

/** The lines after `from` indented deeper than `indent`: the body of a YAML block scalar. */
function blockAfter(text: string, from: number, indent: number): [number, number] | undefined {
  let position = from + 1;
  let start: number | undefined;
  let end = position;
  while (position < text.length) {
    const next = text.indexOf("\n", position);
    const lineEnd = next === -1 ? text.length : next;
    const line = text.slice(position, lineEnd);
    const depth = line.length - line.trimStart().length;
    if (line.trim() !== "") {
      if (depth <= indent) break;
      start ??= position + depth;
      end = lineEnd;
    }
    if (next === -1) break;
    position = next + 1;
  }
  return start === undefined ? undefined : [start, end];
}
