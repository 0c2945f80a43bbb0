// Grounding: every path, command and package a plan names must exist in the repository, or be created or
// installed by one of the plan's steps, or be stated as an assumption.
import { builtinModules } from "node:module";
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { isHostName, pathShape } from "./path-shape.js";
import { type Finding, finding, type StepLocation } from "./plan-findings.js";
import { isAssumption, PHASE_KEYS, type Plan } from "./plan-model.js";
import type { RepoFacts } from "./repo-facts.js";

interface PlanText {
  text: string;
  at: StepLocation;
  spans: CodeSpan[];
}

/** A code span of a step, with its paragraph's Markdown before and after it: the prose that says what it names. */
interface CodeSpan {
  code: string;
  before: string;
  after: string;
}

const words = (list: string) => new Set(list.split(" "));
/** Dependencies, build output and caches: folders a repository does not commit, wherever they stand. */
const UNCOMMITTED = words(
  "node_modules dist .next .nuxt .svelte-kit .turbo .vercel .output .cache .git __pycache__ .venv",
);
/** Environment files hold secrets, so they stay out of the repository. */
const LOCAL_ENV = /^\.env((\.[\w-]+)?\.local)?$/;
/** Manifests of other ecosystems: there, a package named in prose may be a gem, crate or Python package. */
const OTHER_MANIFESTS = words(
  "requirements.txt pyproject.toml Pipfile setup.py Gemfile go.mod Cargo.toml composer.json pom.xml " +
    "build.gradle build.gradle.kts mix.exs pubspec.yaml",
);
/** "Export the rows as `invoices.csv`": a bare name given to a file the code writes or a user downloads. */
const OUTPUT_NAME = /\b(?:named|called|as|filename|file name|download|downloads)\s+(?:the\s+|a\s+)?$/i;
const CREATES =
  /\b(create|creates|created|new file|new folder|new directory|generate|scaffold|touch|mkdir|add (a|the) (new )?(file|folder|directory))\b/i;
const BUILTINS = new Set(builtinModules);

export function groundPlan(plan: Plan, facts: RepoFacts): Finding[] {
  const texts = planTexts(plan);
  const created = new Set(
    texts
      .filter((entry) => CREATES.test(entry.text))
      .flatMap((entry) => entry.spans.flatMap((span) => pathShape(span.code)?.path.replace(/\/$/, "") ?? [])),
  );
  const installed = new Set(texts.flatMap((entry) => installedPackages(entry.spans)));
  const packageFindings = packageCheck(facts, installed);
  const checked = texts.filter((entry) => !(entry.at.step >= 0 && isAssumption(entry.text)));
  return dedupe(
    checked.flatMap((entry) => [
      ...pathFindings(entry, facts, created),
      ...scriptFindings(entry, facts, texts),
      ...packageFindings(entry),
    ]),
  );
}

/** Every task title and step with its location and code spans, in plan order. */
function planTexts(plan: Plan): PlanText[] {
  const entry = (text: string, at: StepLocation) => ({ text, at, spans: readCodeSpans(text) });
  return PHASE_KEYS.flatMap((phase) =>
    plan.phases[phase].tasks.flatMap((task, taskIndex) => [
      entry(task.title, { phase, task: taskIndex, step: -1 }),
      ...task.steps.map((text, step) => entry(text, { phase, task: taskIndex, step })),
    ]),
  );
}

// The prose a cue reads around a code span ("install `a`, `b` and `c`"): a bound keeps a hostile step linear.
const CUE_WINDOW = 200;

/** The inline code spans of a step's Markdown with the prose around each, and each line of its code blocks. */
function readCodeSpans(markdown: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  const visit = (node: Nodes, block: Nodes | undefined): void => {
    if (node.type === "code") {
      for (const line of node.value.split("\n"))
        if (line.trim()) spans.push({ code: line.trim(), before: "", after: "" });
    } else if (node.type === "inlineCode") {
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? markdown.length;
      const blockStart = block?.position?.start.offset ?? 0;
      const blockEnd = block?.position?.end.offset ?? markdown.length;
      const before = markdown.slice(Math.max(blockStart, start - CUE_WINDOW), start);
      const after = markdown.slice(end, Math.min(blockEnd, end + CUE_WINDOW));
      if (node.value.trim()) spans.push({ code: node.value.trim(), before, after });
    } else if ("children" in node) {
      const inner = node.type === "paragraph" || node.type === "heading" ? node : block;
      for (const child of node.children) visit(child, inner);
    }
  };
  // CommonMark is enough for code spans and blocks, and several times faster than with the GFM extensions.
  visit(fromMarkdown(markdown), undefined);
  return spans;
}

// --- paths ----------------------------------------------------------------------------------------------------

function pathFindings(entry: PlanText, facts: RepoFacts, created: ReadonlySet<string>): Finding[] {
  return entry.spans.flatMap((span) => {
    // "the `chart.js` package" names a package, which the package check reads.
    if (packageCue(span)) return [];
    const path = asPath(span.code, facts);
    if (!path || pathExists(path, facts) || isCreated(path, created) || isGenerated(path, facts)) return [];
    // Build output and local files the repository ignores (`src/builtin.inc` made by `make`) are no commit's.
    if (isBuildOutput(path, facts)) return [];
    if (!path.includes("/") && OUTPUT_NAME.test(span.before)) return [];
    const message = `\`${path}\` does not exist in the repository and no step creates it.`;
    return [{ ...finding("ground/path-missing", "error", message), subject: path, at: entry.at }];
  });
}

/** A code span read as a path of this repository, or undefined when it is something else or lives outside it. */
export function asPath(span: string, facts: RepoFacts): string | undefined {
  const shape = pathShape(span);
  if (!shape) return undefined;
  const { path, segments, kind } = shape;
  const clean = path.replace(/\/$/, "");
  if (facts.files.has(clean) || facts.dirs.has(clean)) return path;
  if (segments.some((segment) => UNCOMMITTED.has(segment)) || LOCAL_ENV.test(segments.at(-1) ?? ""))
    return undefined;
  const first = segments[0] ?? "";
  // A bare name: a file (`chart.js` and `express.js` are packages), never a folder (`app/` for `src/app/`).
  if (segments.length === 1)
    return kind === "folder" || (isPackageName(clean, facts) && !facts.basenames.has(clean))
      ? undefined
      : path;
  if (facts.dirs.has(first)) return path;
  // Not under a folder of the repository: a module (`lodash/merge`, `@scope/pkg/sub`) or a host (`github.com/...`).
  if (first.startsWith("@") || facts.dependencies?.has(first) || isHostName(first)) return undefined;
  return kind === "file" || path.endsWith("/") || endsOnRepositoryExtension(clean, facts) ? path : undefined;
}

/** `lib/builtin.jq` in a repository of `.jq` files: a file, whatever the extension. */
function endsOnRepositoryExtension(path: string, facts: RepoFacts): boolean {
  const extension = /[^/]\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension !== undefined && facts.extensions.has(extension);
}

function isPackageName(name: string, facts: RepoFacts): boolean {
  const dependencies = facts.dependencies;
  return (
    dependencies !== null &&
    (dependencies.has(name) || dependencies.has(name.replace(/\.js$/, "").toLowerCase()))
  );
}

function pathExists(path: string, facts: RepoFacts): boolean {
  const clean = path.replace(/\/$/, "");
  if (facts.files.has(clean) || facts.dirs.has(clean)) return true;
  if (!clean.includes("/")) return facts.basenames.has(clean);
  // Written from an include or source root, as code names it: `fmt/std.h` is `include/fmt/std.h`. Only from such a
  // root: `src/main.rs` is not `crates/cli/src/main.rs`.
  const suffix = `/${clean}`;
  for (const file of facts.files)
    if (file.endsWith(suffix) && CODE_ROOTS.has(file.slice(0, -suffix.length).split("/").at(-1) ?? ""))
      return true;
  return false;
}

/** Folders that code names its files from: include paths, source roots, package roots of the JVM languages. */
const CODE_ROOTS = words("include inc src source sources lib java kotlin scala groovy python");

/** Named by a creating step, under a folder one creates, a folder holding a file one creates, or its bare name. */
function isCreated(path: string, created: ReadonlySet<string>): boolean {
  const clean = path.replace(/\/$/, "");
  const parts = clean.split("/");
  if (parts.some((_, index) => created.has(parts.slice(0, index + 1).join("/")))) return true;
  const bare = parts.length === 1;
  return [...created].some((made) => made.startsWith(`${clean}/`) || (bare && made.endsWith(`/${clean}`)));
}

/**
 * A path the repository's .gitignore files leave out, unless a rule that does so names a folder the repository
 * commits (GitHub's Python template ignores `lib/`; a committed `pkg/lib/` is source, not build output).
 */
function isBuildOutput(path: string, facts: RepoFacts): boolean {
  const clean = path.replace(/\/$/, "");
  if (!facts.ignoredByGit(clean)) return false;
  const parts = clean.split("/");
  for (let depth = 1; depth < parts.length; depth += 1) {
    const folder = parts.slice(0, depth).join("/");
    if (facts.dirs.has(folder) && facts.ignoredByGit(`${folder}/`)) return false;
  }
  return true;
}

/** Files that tools write (migrations, generated clients) under a folder that exists. */
function isGenerated(path: string, facts: RepoFacts): boolean {
  const match = /^(.*\/migrations?)\//.exec(path) ?? /^(.*\/(generated|__generated__))\//.exec(path);
  return match?.[1] !== undefined && facts.dirs.has(match[1]);
}

// --- commands -------------------------------------------------------------------------------------------------

const COMMAND_START = /^(npm|pnpm|yarn|bun|make)\s/;

/** Package-manager and make commands written in code spans or code blocks. */
export function commandsIn(text: string): string[] {
  return commandsOf(readCodeSpans(text));
}

function commandsOf(spans: CodeSpan[]): string[] {
  return spans
    .flatMap((span) => span.code.split(/\s*(?:&&|\|\||;)\s*/))
    .map((span) => span.replace(/^\$\s*/, "").trim())
    .filter((span) => COMMAND_START.test(span));
}

const NPM_BUILTIN = words(
  "install i ci add uninstall remove rm update exec init view info ls list outdated audit publish pack link " +
    "version config cache dedupe prune rebuild why explain query doctor login whoami create x pkg fund -v --version",
);
const PNPM_BUILTIN = new Set([
  ...NPM_BUILTIN,
  ...words("dlx up store import patch patch-commit setup env licenses deploy fetch recursive -r workspace"),
]);
const YARN_BUILTIN = new Set([
  ...PNPM_BUILTIN,
  ...words("workspaces upgrade upgrade-interactive set node plugin npm constraints"),
]);
const VALUE_FLAGS = words("--filter -F -C --dir --prefix -w --workspace --cwd");

function scriptFindings(entry: PlanText, facts: RepoFacts, texts: PlanText[]): Finding[] {
  return commandsOf(entry.spans).flatMap((command) => {
    const missing = missingScript(command, facts, texts);
    if (!missing) return [];
    const message = `\`${command}\` runs ${missing.what}, which the repository does not define.`;
    return [{ ...finding("ground/script-missing", "error", message), subject: missing.name, at: entry.at }];
  });
}

function missingScript(
  command: string,
  facts: RepoFacts,
  texts: PlanText[],
): { name: string; what: string } | undefined {
  const [tool, ...args] = command.split(/\s+/);
  const words = dropFlags(args);
  let script: string | undefined;
  if (tool === "make") {
    const target = words[0];
    if (!target || facts.makeTargets === null || facts.makeTargets.has(target)) return undefined;
    return definedByStep(target, texts) ? undefined : { name: target, what: `the make target \`${target}\`` };
  }
  if (tool === "npm" || tool === "bun") {
    if (words[0] === "run" || words[0] === "run-script") script = words[1];
    else if (tool === "npm" && ["test", "start", "stop", "restart"].includes(words[0] ?? ""))
      script = words[0];
  } else if (tool === "pnpm" || tool === "yarn") {
    const builtins = tool === "pnpm" ? PNPM_BUILTIN : YARN_BUILTIN;
    if (words[0] === "run") script = words[1];
    else if (tool === "yarn" && words[0] === "workspace") script = words[2];
    else if (words[0] && !builtins.has(words[0])) script = words[0];
  }
  if (!script || facts.scripts === null || facts.scripts.has(script)) return undefined;
  return definedByStep(script, texts) ? undefined : { name: script, what: `the script \`${script}\`` };
}

function dropFlags(args: string[]): string[] {
  const words: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? "";
    if (VALUE_FLAGS.has(arg)) index += 1;
    else if (!arg.startsWith("-")) words.push(arg);
  }
  return words;
}

/** A step that adds the script or target itself, e.g. "Add a `db:seed` script to `package.json`". */
function definedByStep(name: string, texts: PlanText[]): boolean {
  return texts.some(
    (entry) =>
      entry.spans.some((span) => span.code === name) &&
      /\b(add|create|define|register)\b/i.test(entry.text) &&
      /\b(script|target)\b/i.test(entry.text),
  );
}

// --- packages -------------------------------------------------------------------------------------------------

/** A package name as npm spells it, with an optional version: `zod`, `@scope/pkg`, `left-pad@^1.3.0`. */
const PACKAGE_SPEC = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(?:@[\w.^~<>=*-]+)?$/;
/** The names listed before this one: "install `a`, `b` and `c`". */
const LISTED_BEFORE = "(?:`[^`]+`\\s*(?:,\\s*(?:and\\s+|or\\s+)?|and\\s+|or\\s+))*";
/** The names listed after this one: "`a`, `b` and `c` packages". */
const LISTED_AFTER = "(?:\\s*,\\s*(?:and\\s+|or\\s+)?`[^`]+`|\\s+(?:and|or)\\s+`[^`]+`)*";
const PACKAGE_WORD = "(?:npm\\s+)?(?:packages?|librar(?:y|ies)|dependenc(?:y|ies))";
const INSTALL_BEFORE = new RegExp(
  `\\b(?:install(?:s|ing)?(?:\\s+the)?(?:\\s+${PACKAGE_WORD})?|add(?:s|ing)?\\s+(?:the\\s+|a\\s+)?${PACKAGE_WORD})\\s+${LISTED_BEFORE}$`,
  "i",
);
const ADD_BEFORE = new RegExp(`\\badd(?:s|ing)?\\s+(?:the\\s+)?${LISTED_BEFORE}$`, "i");
const ADDED_AFTER = new RegExp(`^${LISTED_AFTER}\\s+(?:dev[\\s-]?)?${PACKAGE_WORD}\\b`, "i");
const DEPENDENCY_AFTER = new RegExp(
  `^${LISTED_AFTER}\\s+(?:${PACKAGE_WORD}\\s+)?(?:as\\s+an?\\s+(?:new\\s+)?(?:(?:dev|peer|optional)\\s*-?)?dependency|to\\s+(?:the\\s+)?(?:\`package\\.json\`|package\\.json|(?:dev|peer|optional)?-?dependencies))`,
  "i",
);
// Not "dependency": "the `session` dependency" of a React hook is no package.
const PACKAGE_AFTER = new RegExp(`^${LISTED_AFTER}\\s+(?:npm\\s+)?(?:packages?|librar(?:y|ies))\\b`, "i");
const PACKAGE_BEFORE = /\b(?:npm\s+)?(?:package|library)\s+$/i;
const IMPORT_BEFORE = /\bimport(?:s|ing)?\b(?:[^.;]|\.(?!\s))*\bfrom\s+(?:the\s+)?$/i;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
const SCOPED_NAME = /^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*$/;

/** What the prose around a code span says of it: a package the plan installs, or one it only names. */
function packageCue(span: CodeSpan): "installs" | "names" | undefined {
  if (!PACKAGE_SPEC.test(span.code)) return undefined;
  // "the `package.json` dependencies" names a file; `chart.js` and `highlight.js` are packages' names.
  if (pathShape(span.code)?.kind === "file" && !span.code.endsWith(".js")) return undefined;
  const { before, after } = span;
  if (INSTALL_BEFORE.test(before) || DEPENDENCY_AFTER.test(after)) return "installs";
  if (ADD_BEFORE.test(before) && ADDED_AFTER.test(after)) return "installs";
  const named = PACKAGE_AFTER.test(after) || PACKAGE_BEFORE.test(before) || IMPORT_BEFORE.test(before);
  return named ? "names" : undefined;
}

interface PackageUse {
  name: string;
  /** Named in prose ("from the `lodash` package") rather than imported in code. */
  prose: boolean;
}

function packageUses(spans: CodeSpan[]): PackageUse[] {
  return spans.flatMap((span) => {
    const imported = [...span.code.matchAll(IMPORT)].map((match) => match[1] ?? "");
    if (SCOPED_NAME.test(span.code)) imported.push(span.code);
    const uses = imported.map((specifier) => ({ name: packageName(specifier), prose: false }));
    if (packageCue(span)) uses.push({ name: packageName(span.code), prose: true });
    return uses.filter((use): use is PackageUse => use.name !== undefined);
  });
}

/** Packages a step installs: with a command (`pnpm add zod`) or in prose ("install `zod`"). */
function installedPackages(spans: CodeSpan[]): string[] {
  const named = spans.filter((span) => packageCue(span) === "installs").map((span) => packageName(span.code));
  return [...commandsOf(spans).flatMap(commandInstalls), ...named].filter(
    (name): name is string => name !== undefined,
  );
}

/** The package check of each step, with what it needs from the repository read once. */
function packageCheck(facts: RepoFacts, installed: ReadonlySet<string>): (entry: PlanText) => Finding[] {
  const dependencies = facts.dependencies;
  if (!dependencies) return () => [];
  // A bare import of a repository folder (`components/Button` under a `baseUrl`) or a workspace named by its folder.
  const folders = new Set([...facts.dirs].map((dir) => dir.split("/").at(-1)));
  const otherEcosystem = [...OTHER_MANIFESTS].some((name) => facts.basenames.has(name));
  const known = (name: string) => dependencies.has(name) || installed.has(name) || folders.has(name);
  return (entry) =>
    packageUses(entry.spans)
      .filter(({ name, prose }) => !known(name) && !(prose && otherEcosystem))
      .map(({ name }) => ({
        ...finding(
          "ground/package-missing",
          "error",
          `\`${name}\` is used but is not a dependency and no step installs it.`,
        ),
        subject: name,
        at: entry.at,
      }));
}

function commandInstalls(command: string): (string | undefined)[] {
  const [tool, verb, ...rest] = command.split(/\s+/);
  const installs =
    (tool === "npm" && ["install", "i", "add"].includes(verb ?? "")) ||
    ((tool === "pnpm" || tool === "yarn" || tool === "bun") && verb === "add");
  return installs ? dropFlags(rest).map(packageName) : [];
}

/** Bare import specifiers in code, scoped package names written alone, and packages named as such in prose. */
export function referencedPackages(text: string): string[] {
  return [...new Set(packageUses(readCodeSpans(text)).map((use) => use.name))];
}

function packageName(specifier: string): string | undefined {
  if (!specifier || /^[./#~]|^@\/|^[a-z]+:/.test(specifier)) return undefined;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  if (!name || BUILTINS.has(name)) return undefined;
  // `pkg@^1.2.0` -> `pkg`, `@scope/pkg@latest` -> `@scope/pkg`
  return name.replace(/(?<=.)@.*$/, "");
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((entry) => {
    const key = `${entry.rule}|${entry.subject}|${entry.at?.phase}|${entry.at?.task}|${entry.at?.step}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
