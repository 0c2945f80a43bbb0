// What a path must hold for a .gitignore to ignore it: each rule that ignores (not a `!` rule) spells some
// characters out, and a path holding none of them, in any case, cannot be matched by any of those rules, nor can its
// folders. The `ignore` library still decides every path that holds one; the others are answered without running
// each rule's regular expression on them (a root .gitignore of 200 rules is 200 expressions per path:
// payloadcms/payload's took half a second for its 8,900 paths, of which 1,461 now reach the library).

/** A character a glob matches as itself, and a path holds as itself (the separator `/` aside). */
const PLAIN = /[A-Za-z0-9._-]/;

/**
 * What a path (its names lower-cased) must hold for the patterns to ignore it or one of its folders: a name equal to
 * one of `names` (a rule that is a plain name, `dist` or `.turbo/`, matches a file or folder of that name alone), or
 * a name holding one of `parts`. Undefined when some ignoring rule spells nothing out (`*`, `?`, `**`): any path may
 * match. Patterns are a .gitignore's text or a list of its lines, as `ignore().add` takes them.
 */
export interface IgnoreLiterals {
  names: ReadonlySet<string>;
  parts: readonly string[];
}

/** A rule that is a plain name (not dots alone), with or without a folder's `/`. */
const PLAIN_NAME = /^(?!\.*\/?$)[A-Za-z0-9._-]+\/?$/;

export function ignoreLiterals(patterns: string | readonly string[]): IgnoreLiterals | undefined {
  const lines = typeof patterns === "string" ? patterns.split(/\r?\n/) : patterns;
  const names = new Set<string>();
  const parts: string[] = [];
  for (const rule of lines) {
    // Comments, re-including rules and lines of spaces ignore nothing (`\#` and `\!` start ignoring rules; a tab
    // or a leading space is part of a rule, and no plain character).
    if (rule.startsWith("#") || rule.startsWith("!") || /^[ \r]*$/.test(rule)) continue;
    if (PLAIN_NAME.test(rule)) {
      names.add(rule.replace(/\/$/, "").toLowerCase());
      continue;
    }
    const literal = neededRun(rule);
    if (literal === undefined) return undefined;
    parts.push(literal.toLowerCase());
  }
  return { names, parts };
}

/**
 * A run of plain characters a rule needs, outside character classes: before the first `[`, or after the last `]`
 * (and before any `[` after it). A class ends at a `]`, so nothing after the last one is in a class (a class left
 * open matches nothing). An escaped character ends a run, as do wildcards, spaces and separators. Every run is
 * needed; the last one of three characters or more is taken (the name part: `esbuild` of
 * `packages/payload/esbuild`, where `packages` is in every path), else the longest.
 */
function neededRun(rule: string): string | undefined {
  const open = rule.indexOf("[");
  let runs: string[];
  if (open === -1) runs = runsIn(rule);
  else {
    const after = rule.slice(rule.lastIndexOf("]") + 1);
    runs = [
      ...runsIn(rule.slice(0, open)),
      ...runsIn(after.includes("[") ? after.slice(0, after.indexOf("[")) : after),
    ];
  }
  return runs.findLast((run) => run.length >= 3) ?? runs.sort((a, b) => b.length - a.length)[0];
}

function runsIn(text: string): string[] {
  const runs: string[] = [];
  let run = "";
  for (let at = 0; at <= text.length; at += 1) {
    const char = text[at];
    if (char !== undefined && char !== "\\" && PLAIN.test(char)) {
      run += char;
      continue;
    }
    if (run !== "") runs.push(run);
    run = "";
    // An escaped character is not plain: skip it.
    if (char === "\\") at += 1;
  }
  return runs;
}

/** Names whose answer a filter keeps at once: a repository of random names cannot grow it without end. */
const KEPT_NAMES = 50_000;

/**
 * Answers whether a path may be ignored by rules needing `literals` (any path, when undefined). No literal holds a
 * `/`, so a path holds one when one of its names does: each distinct name (a folder's, a file's) is lower-cased and
 * looked at once, and most paths are answered from names seen before.
 */
export class LiteralFilter {
  readonly #held = new Map<string, boolean>();

  constructor(private readonly literals: IgnoreLiterals | undefined) {}

  mayMatch(path: string): boolean {
    if (this.literals === undefined) return true;
    for (const name of path.split("/")) if (this.#holds(name)) return true;
    return false;
  }

  #holds(name: string): boolean {
    let holds = this.#held.get(name);
    if (holds === undefined) {
      const lower = name.toLowerCase();
      const { names, parts } = this.literals as IgnoreLiterals;
      holds = names.has(lower) || parts.some((part) => lower.includes(part));
      if (this.#held.size >= KEPT_NAMES) this.#held.clear();
      this.#held.set(name, holds);
    }
    return holds;
  }
}
