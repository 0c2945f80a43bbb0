// Where a file defines the identifiers an issue names, and how far each definition reaches: the lines of a
// function, method, class, struct or type from its head to its end, with the comments and annotations just
// above it. Language-agnostic: a definition head is a declaration keyword before the name, an assignment of a
// function or class to it, or a signature (words before `name(` on a line that is not a statement); its end is
// the brace that closes the body, the end of the indented block (Python, YAML-like), or the line itself.

export interface DefinitionRange {
  name: string;
  /** 0-based, inclusive. */
  start: number;
  end: number;
}

const KEYWORDS =
  "class|interface|struct|enum|trait|union|type|typedef|module|object|record|protocol|extension|impl|mod|namespace|def|defp|defmacro|fn|func|function|fun|sub|macro_rules!|#define";
/** Words that end a statement's prefix: `return foo(x)` and `await foo(x)` call `foo`, they do not define it. */
const NOT_A_SIGNATURE =
  /\b(return|await|yield|throw|raise|new|typeof|delete|in|of|not|and|or|is|else|case|do|echo|print|puts|go|defer|from|default|async|match|with)\s*$/;
const STATEMENT_START =
  /^\s*(if|for|while|switch|catch|return|else|do|case|throw|new|await|assert|elif|with)\b/;
/** `import type Foo from`, `export { a } from`, `use crate::x`, `#include`: names brought in, not defined. */
const IMPORT_LINE =
  /^\s*(import|using|use|#include|from\s+\S+\s+import)\b|^\s*export\s+(type\s+)?\{[^}]*\}\s*from\b/;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|--|;;|#(?!define\b))/;
const MAX_LINES = 200;
/** How far below a head its body's opening brace may stand (a long signature, Allman braces). */
const HEAD_LINES = 15;

export function definitionRanges(lines: readonly string[], names: Iterable<string>): DefinitionRange[] {
  const wanted = [...new Set(names)].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  if (wanted.length === 0) return [];
  const heads = headPatterns(wanted);
  const ranges: DefinitionRange[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.length > 400 || !wanted.some((name) => line.includes(name))) continue;
    const name = definedName(line, heads);
    if (!name) continue;
    const end = definitionEnd(lines, index);
    ranges.push({ name, start: leadingComments(lines, index), end });
  }
  return ranges;
}

interface HeadPatterns {
  keyword: RegExp;
  assigned: RegExp;
  signature: RegExp;
  method: RegExp;
  receiver: RegExp;
}

function headPatterns(names: string[]): HeadPatterns {
  const alternation = names.map((name) => name.replace(/\$/g, "\\$")).join("|");
  return {
    keyword: new RegExp(`(?:^|[\\s(])(?:${KEYWORDS})\\s+(?:self\\.)?(${alternation})(?![\\w$])`),
    assigned: new RegExp(
      `(?:^|[\\s,{])(?:(?:export\\s+)?(?:const|let|var)\\s+)?(${alternation})\\s*[:=]\\s*(?:async\\s+)?(?:function\\b|class\\b|\\([^)]*\\)\\s*(?::[^=]+)?=>|[\\w$]+\\s*=>)`,
    ),
    // `public static int foo(`, `void Foo::foo(`, `fn<T> foo(`: words (types, modifiers) before the name.
    signature: new RegExp(
      `^\\s*([\\w$<>\\[\\],.*&:?@\\s]*[\\w$>\\]*&?])\\s+[*&]*(?:[\\w$<>]+::)*(${alternation})\\s*(?:<[^>]*>)?\\s*\\(`,
    ),
    // A method in a class body, `async foo(a, b) {`: the name opens the line and the line opens the body.
    method: new RegExp(
      `^\\s*(?:(?:async|static|get|set|public|private|protected|override)\\s+|\\*\\s*)*(${alternation})\\s*(?:<[^>]*>)?\\([^()]*\\)\\s*(?::\\s*[^{=]+)?\\{\\s*$`,
    ),
    // Go's `func (r *T) Foo(`, Rust's `impl<T> Foo<T>` and `impl Trait for Foo`.
    receiver: new RegExp(
      `^\\s*(?:func\\s*\\([^)]*\\)|(?:pub\\s+)?impl\\s*<[^>]*>|(?:pub\\s+)?impl\\b[^{]*?\\bfor)\\s*(${alternation})\\b`,
    ),
  };
}

function definedName(line: string, heads: HeadPatterns): string | undefined {
  if (COMMENT_LINE.test(line) || IMPORT_LINE.test(line)) return undefined;
  const named = heads.keyword.exec(line) ?? heads.receiver.exec(line) ?? heads.assigned.exec(line);
  // `impl Visitor for Printer` implements the trait for `Printer`: it defines no `Visitor`.
  if (named) {
    const implFor = /\bimpl\b([^{]*)\bfor\b/.exec(line);
    return implFor?.[1]?.includes(named[1] ?? "") ? undefined : named[1];
  }
  if (STATEMENT_START.test(line)) return undefined;
  const method = heads.method.exec(line);
  if (method) return method[1];
  if (/;\s*$/.test(line)) return undefined;
  const signature = heads.signature.exec(line);
  if (!signature || NOT_A_SIGNATURE.test(signature[1] ?? "")) return undefined;
  return signature[2];
}

/** The last line of the definition whose head is at `head`. */
function definitionEnd(lines: readonly string[], head: number): number {
  const limit = Math.min(lines.length - 1, head + MAX_LINES);
  const brace = bodyBrace(lines, head);
  if (brace !== undefined) return closingBrace(lines, brace, limit);
  const headLine = lines[head] ?? "";
  if (/;\s*$/.test(headLine)) return head;
  return indentedBlockEnd(lines, head, limit);
}

/** The line of the `{` that opens the body, unless the declaration ends (`;`) or a block starts (`:`) first. */
function bodyBrace(lines: readonly string[], head: number): number | undefined {
  for (let index = head; index < Math.min(lines.length, head + HEAD_LINES); index += 1) {
    const code = stripStringsAndComments(lines[index] ?? "").trimEnd();
    if (code.endsWith(":") || code.endsWith(";")) return undefined;
    if (code.includes("{")) return index;
    // A line at the left margin after the head starts something else (an Allman `{` was caught above).
    if (index > head && /^\S/.test(code)) return undefined;
  }
  return undefined;
}

/** Counts braces from the opening line until they balance. */
function closingBrace(lines: readonly string[], from: number, limit: number): number {
  let depth = 0;
  let inBlockComment = false;
  for (let index = from; index <= limit; index += 1) {
    let code = lines[index] ?? "";
    if (inBlockComment) {
      const close = code.indexOf("*/");
      if (close < 0) continue;
      code = code.slice(close + 2);
      inBlockComment = false;
    }
    code = stripStringsAndComments(code).replace(/\/\*.*?\*\//g, "");
    const open = code.indexOf("/*");
    if (open >= 0) {
      code = code.slice(0, open);
      inBlockComment = true;
    }
    for (const char of code) {
      if (char === "{") depth += 1;
      else if (char === "}") depth -= 1;
    }
    if (depth <= 0 && index >= from) return index;
  }
  return limit;
}

/** The lines indented deeper than the head (blank lines inside kept), and a closing `end` at its level. */
function indentedBlockEnd(lines: readonly string[], head: number, limit: number): number {
  const level = indentOf(lines[head] ?? "");
  let end = head;
  for (let index = head + 1; index <= limit; index += 1) {
    const line = lines[index] ?? "";
    if (!line.trim()) continue;
    if (indentOf(line) > level) {
      end = index;
      continue;
    }
    // The closing line of a signature written over several lines (`) -> Config:`): the body follows it.
    if (/^\s*[)\]]/.test(line) && /:\s*$/.test(line) && indentOf(line) === level) {
      end = index;
      continue;
    }
    if (/^\s*(end\b|[})\]])/.test(line) && indentOf(line) === level && end > head) end = index;
    break;
  }
  return end;
}

/** Doc comments, attributes and decorators directly above a head belong to its definition. */
function leadingComments(lines: readonly string[], head: number): number {
  let start = head;
  while (start > 0 && start > head - 30) {
    const above = (lines[start - 1] ?? "").trim();
    if (!/^(\/\/|\/\*|\*|@|--|;;)/.test(above) && !/^#(?!include|define|if|endif|import)/.test(above)) break;
    start -= 1;
  }
  return start;
}

function indentOf(line: string): number {
  const match = /^[ \t]*/.exec(line)?.[0] ?? "";
  return match.replace(/\t/g, "    ").length;
}

/** The line without string literals and its `//` or `#` comment, so their braces do not count. */
function stripStringsAndComments(line: string): string {
  return line
    .replace(/"(?:\\.|[^"\\])*"/g, '""')
    .replace(/'(?:\\.|[^'\\])'/g, "''")
    .replace(/`(?:\\.|[^`\\])*`/g, "``")
    .replace(/\/\/.*$/, "");
}
