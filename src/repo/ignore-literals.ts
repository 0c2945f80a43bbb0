// What a path must hold for a .gitignore to ignore it: each rule that ignores (not a `!` rule) spells some
// characters out, and a path holding none of them, in any case, cannot be matched by any of those rules, nor can its
// folders. The `ignore` library still decides every path that holds one; the others are answered without running
// each rule's regular expression on them (a root .gitignore of 200 rules is 200 expressions per path:
// payloadcms/payload's took half a second for its 8,900 paths; 3,400 of them hold none of its rules' words).

/** A character a glob matches as itself, and a path holds as itself (the separator `/` aside). */
const PLAIN = /[A-Za-z0-9._-]/;

/**
 * Lower-cased strings of which a path (lower-cased too) must hold one for the patterns to ignore it or one of its
 * folders; undefined when some ignoring rule spells nothing out (`*`, `?`, `**`), so any path may match. Patterns are
 * a .gitignore's text or a list of its lines, as `ignore().add` takes them.
 */
export function ignoreLiterals(patterns: string | readonly string[]): string[] | undefined {
  const lines = typeof patterns === "string" ? patterns.split(/\r?\n/) : patterns;
  const literals: string[] = [];
  for (const rule of lines) {
    // Comments, re-including rules and lines of spaces ignore nothing (`\#` and `\!` start ignoring rules; a tab
    // or a leading space is part of a rule, and no plain character).
    if (rule.startsWith("#") || rule.startsWith("!") || /^[ \r]*$/.test(rule)) continue;
    const literal = longestPlainRun(rule);
    if (literal === undefined) return undefined;
    literals.push(literal.toLowerCase());
  }
  return literals;
}

/**
 * The longest run of plain characters in a rule, outside character classes: before the first `[`, or after the
 * last `]` (and before any `[` after it). A class ends at a `]`, so nothing after the last one is in a class (a
 * class left open matches nothing). An escaped character ends a run, as do wildcards, spaces and separators.
 */
function longestPlainRun(rule: string): string | undefined {
  const open = rule.indexOf("[");
  if (open === -1) return longestRunIn(rule);
  const after = rule.slice(rule.lastIndexOf("]") + 1);
  const outside = [rule.slice(0, open), after.includes("[") ? after.slice(0, after.indexOf("[")) : after];
  const runs = outside.map(longestRunIn).filter((run): run is string => run !== undefined);
  return runs.sort((a, b) => b.length - a.length)[0];
}

function longestRunIn(text: string): string | undefined {
  let longest = "";
  let run = "";
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at] as string;
    if (char === "\\") {
      at += 1;
      run = "";
    } else if (PLAIN.test(char)) {
      run += char;
      if (run.length > longest.length) longest = run;
    } else run = "";
  }
  return longest === "" ? undefined : longest;
}

/** Whether a path, lower-cased, holds one of the literals (always, when there are none to hold). */
export function mayMatch(literals: readonly string[] | undefined, lowerPath: string): boolean {
  return literals === undefined || literals.some((literal) => lowerPath.includes(literal));
}
