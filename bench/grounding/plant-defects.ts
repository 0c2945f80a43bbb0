// Defects planted in copies of a correct plan, each one a mistake a model makes and grounding must find: a file
// the plan edits written with a wrong name, the same under a folder that does not exist, and a make target or
// package script that the repository does not define. Pure: the plan's Markdown and the repository's facts in,
// the defective copies out, each with the finding that must report it.
import type { FindingRule } from "../../src/plan/plan-findings.js";
import type { RepoFacts } from "../../src/plan/repo-facts.js";

export interface PlantedDefect {
  kind: "path-name" | "path-folder" | "command";
  /** What was changed, as a reader of the report sees it. */
  change: string;
  markdown: string;
  expected: { rule: FindingRule; subject: string };
}

/** A step that makes the files it names: a wrong name there is a new file, which no check can tell from a typo. */
const CREATING_STEP =
  /\b(create|creates|new file|new test file|generate|scaffold|add (a|the) (new )?(file|folder|directory))\b/i;
const STEP_LINE = /^\s*[-*+]\s+\[ \]\s+/;
const INVENTED_TARGET = "test-regression-suite";
const INVENTED_SCRIPT = "test:regression-suite";

export function plantDefects(markdown: string, facts: RepoFacts): PlantedDefect[] {
  const lines = markdown.split("\n");
  const edited = editedFiles(lines, facts);
  const defects: PlantedDefect[] = [];
  const first = edited[0];
  if (first) {
    const wrong = misspelt(first.path, facts);
    if (wrong) defects.push(replaceAt(lines, first.line, first.path, wrong, "path-name"));
  }
  const nested =
    edited.find((entry) => entry.path.includes("/") && entry !== first) ??
    edited.find((entry) => entry.path.includes("/"));
  if (nested) {
    const wrong = elsewhere(nested.path, facts);
    if (wrong) defects.push(replaceAt(lines, nested.line, nested.path, wrong, "path-folder"));
  }
  const command = inventedCommand(facts);
  if (command) defects.push(addTestingStep(lines, command));
  return defects;
}

/** Existing files named in steps that do not create files, in plan order, with the line that names each. */
function editedFiles(lines: string[], facts: RepoFacts): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  lines.forEach((text, line) => {
    // An `ASSUMPTION:` step says what the plan could not confirm: grounding leaves it alone by design.
    if (!STEP_LINE.test(text) || CREATING_STEP.test(text) || text.includes("ASSUMPTION:")) return;
    for (const match of text.matchAll(/`([^`\s]+)`/g)) {
      const path = match[1] ?? "";
      if (facts.files.has(path) && path.includes(".") && !found.some((entry) => entry.path === path))
        found.push({ path, line });
    }
  });
  return found;
}

/** The file's name with one letter more or less (`cli.rs` -> `clis.rs`, `tests.rs` -> `test.rs`). */
function misspelt(path: string, facts: RepoFacts): string | undefined {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  const dot = name.indexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const rest = dot > 0 ? name.slice(dot) : "";
  const changed = stem.endsWith("s") && stem.length > 1 ? stem.slice(0, -1) : `${stem}s`;
  const wrong = `${path.slice(0, slash + 1)}${changed}${rest}`;
  return exists(wrong, facts) ? undefined : wrong;
}

/** The same file under a top folder the repository does not have (`src/x.go` -> `lib/x.go`). */
function elsewhere(path: string, facts: RepoFacts): string | undefined {
  const [top, ...rest] = path.split("/");
  for (const folder of ["src", "lib", "pkg", "internal", "source"]) {
    if (folder === top || facts.dirs.has(folder)) continue;
    const wrong = [folder, ...rest].join("/");
    if (!exists(wrong, facts)) return wrong;
  }
  return undefined;
}

function exists(path: string, facts: RepoFacts): boolean {
  return facts.files.has(path) || facts.dirs.has(path);
}

/** A make target or package script the repository does not define, when its make targets or scripts are known. */
function inventedCommand(facts: RepoFacts): { command: string; subject: string } | undefined {
  if (facts.files.has("Makefile") && facts.makeTargets && !facts.makeTargets.has(INVENTED_TARGET))
    return { command: `make ${INVENTED_TARGET}`, subject: INVENTED_TARGET };
  if (facts.files.has("package.json") && facts.scripts && !facts.scripts.has(INVENTED_SCRIPT))
    return { command: `npm run ${INVENTED_SCRIPT}`, subject: INVENTED_SCRIPT };
  return undefined;
}

function replaceAt(
  lines: string[],
  line: number,
  path: string,
  wrong: string,
  kind: "path-name" | "path-folder",
): PlantedDefect {
  const copy = [...lines];
  copy[line] = (copy[line] ?? "").replace(`\`${path}\``, `\`${wrong}\``);
  return {
    kind,
    change: `\`${path}\` -> \`${wrong}\` (line ${line + 1})`,
    markdown: copy.join("\n"),
    expected: { rule: "ground/path-missing", subject: wrong },
  };
}

/** A step before the plan's last step: "Run `make <invented>` ...", at that step's indentation. */
function addTestingStep(lines: string[], command: { command: string; subject: string }): PlantedDefect {
  const last = lines.findLastIndex((text) => STEP_LINE.test(text));
  const indent = /^\s*/.exec(lines[last] ?? "")?.[0] ?? "";
  const copy = [...lines];
  copy.splice(
    last,
    0,
    `${indent}- [ ] Run \`${command.command}\` to check the fix with the rest of the suite.`,
  );
  return {
    kind: "command",
    change: `step added before line ${last + 1}: \`${command.command}\``,
    markdown: copy.join("\n"),
    expected: { rule: "ground/script-missing", subject: command.subject },
  };
}
