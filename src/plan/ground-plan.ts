// Grounding: every path, command and package a plan names must exist in the repository, or be created or
// installed by one of the plan's steps, or be stated as an assumption.
import { builtinModules } from "node:module";
import { type Finding, finding, type StepLocation } from "./plan-findings.js";
import { isAssumption, PHASE_KEYS, type Plan } from "./plan-model.js";
import type { RepoFacts } from "./repo-facts.js";

interface PlanText {
  text: string;
  at: StepLocation;
}

const FILE_EXTENSIONS = new Set(
  (
    "ts tsx js jsx mjs cjs mts cts json jsonc md mdx prisma rb erb py go rs php java kt kts scala swift cs fs " +
    "vue svelte astro html htm css scss sass less sql yml yaml toml ini cfg conf env xml gradle properties lock " +
    "graphql gql proto sh bash zsh ps1 ex exs erl hs ml c h cc cpp hpp m mm dart lua r jl tf hcl txt csv"
  ).split(" "),
);
const SPECIAL_FILES = new Set([
  "Makefile",
  "Dockerfile",
  "Gemfile",
  "Rakefile",
  "Procfile",
  "Justfile",
  "Brewfile",
]);
const CREATES =
  /\b(create|creates|created|new file|new folder|new directory|generate|scaffold|touch|mkdir|add (a|the) (new )?(file|folder|directory))\b/i;
const BUILTINS = new Set(builtinModules);

export function groundPlan(plan: Plan, facts: RepoFacts): Finding[] {
  const texts = planTexts(plan);
  const findings: Finding[] = [];
  const created = texts.filter((entry) => CREATES.test(entry.text)).map((entry) => entry.text);
  const installed = new Set(texts.flatMap((entry) => commandsIn(entry.text).flatMap(installedPackages)));

  for (const entry of texts) {
    const exempt = entry.at.step >= 0 && isAssumption(entry.text);
    if (exempt) continue;
    for (const span of codeSpans(entry.text)) {
      const path = asPath(span, facts);
      if (path && !pathExists(path, facts) && !isCreated(path, created) && !isGenerated(path, facts)) {
        findings.push({
          ...finding(
            "ground/path-missing",
            "error",
            `\`${path}\` does not exist in the repository and no step creates it.`,
          ),
          subject: path,
          at: entry.at,
        });
      }
    }
    for (const command of commandsIn(entry.text)) {
      const missing = missingScript(command, facts, texts);
      if (missing) {
        findings.push({
          ...finding(
            "ground/script-missing",
            "error",
            `\`${command}\` runs ${missing.what}, which the repository does not define.`,
          ),
          subject: missing.name,
          at: entry.at,
        });
      }
    }
    if (facts.dependencies) {
      for (const name of referencedPackages(entry.text)) {
        if (facts.dependencies.has(name) || installed.has(name)) continue;
        findings.push({
          ...finding(
            "ground/package-missing",
            "error",
            `\`${name}\` is used but is not a dependency and no step installs it.`,
          ),
          subject: name,
          at: entry.at,
        });
      }
    }
  }
  return dedupe(findings);
}

/** Every task title and step with its location, in plan order. */
function planTexts(plan: Plan): PlanText[] {
  return PHASE_KEYS.flatMap((phase) =>
    plan.phases[phase].tasks.flatMap((task, taskIndex) => [
      { text: task.title, at: { phase, task: taskIndex, step: -1 } },
      ...task.steps.map((text, step) => ({ text, at: { phase, task: taskIndex, step } })),
    ]),
  );
}

/** Inline code spans, plus each line of fenced code blocks. */
function codeSpans(text: string): string[] {
  const spans: string[] = [];
  const withoutBlocks = text.replace(/```[^\n]*\n([\s\S]*?)```/g, (_block, body: string) => {
    spans.push(
      ...body
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    );
    return " ";
  });
  for (const match of withoutBlocks.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
    const span = match[2]?.trim();
    if (span) spans.push(span);
  }
  return spans;
}

/** A code span read as a repository path, or undefined when it is something else (a name, a route, a package). */
export function asPath(span: string, facts: RepoFacts): string | undefined {
  let path = span.replace(/^\.\//, "").replace(/(:\d+(-\d+)?|#L\d+(-L?\d+)?)$/, "");
  if (!path || /[\s'"=,;<>{}*$|`\\]/.test(path) || path.startsWith("/") || /^[@~#]\//.test(path))
    return undefined;
  if (/^[a-z]+:/i.test(path) || path.includes("..")) return undefined;
  if (/\(\)$/.test(path) || (/[()]/.test(path) && !/\/?\([\w-]+\)\//.test(path))) return undefined;
  const segments = path.replace(/\/$/, "").split("/");
  const last = segments.at(-1) ?? "";
  const extension = /\.([A-Za-z0-9]+)$/.exec(last)?.[1]?.toLowerCase();
  const fileLike =
    SPECIAL_FILES.has(last) ||
    /^\.[\w.-]+$/.test(last) ||
    (extension !== undefined && FILE_EXTENSIONS.has(extension));
  if (segments.length === 1) return fileLike ? path : undefined;
  if (span.startsWith("@") && segments.length <= 2 && !fileLike) return undefined;
  const first = segments[0] ?? "";
  if (facts.dependencies?.has(first) || facts.dependencies?.has(`${first}/${segments[1]}`)) {
    if (!facts.dirs.has(first)) return undefined;
  }
  if (fileLike || path.endsWith("/")) return path;
  // No extension: a directory of this repository, or a path under one of its top-level folders.
  path = path.replace(/\/$/, "");
  return facts.dirs.has(first) || facts.files.has(path) ? path : undefined;
}

function pathExists(path: string, facts: RepoFacts): boolean {
  const clean = path.replace(/\/$/, "");
  if (facts.files.has(clean) || facts.dirs.has(clean)) return true;
  return !clean.includes("/") && facts.basenames.has(clean);
}

function isCreated(path: string, creatingSteps: string[]): boolean {
  const clean = path.replace(/\/$/, "");
  const ancestors = clean.split("/").map((_, index, parts) => parts.slice(0, index + 1).join("/"));
  return creatingSteps.some((text) =>
    ancestors.some(
      (candidate) =>
        text.includes(`\`${candidate}\``) ||
        text.includes(`\`${candidate}/\``) ||
        text.includes(`\`./${candidate}\``),
    ),
  );
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
  return codeSpans(text)
    .flatMap((span) => span.split(/\s*(?:&&|\|\||;)\s*/))
    .map((span) => span.replace(/^\$\s*/, "").trim())
    .filter((span) => COMMAND_START.test(span));
}

const NPM_BUILTIN = new Set([
  "install",
  "i",
  "ci",
  "add",
  "uninstall",
  "remove",
  "rm",
  "update",
  "exec",
  "init",
  "view",
  "info",
  "ls",
  "list",
  "outdated",
  "audit",
  "publish",
  "pack",
  "link",
  "version",
  "config",
  "cache",
  "dedupe",
  "prune",
  "rebuild",
  "why",
  "explain",
  "query",
  "doctor",
  "login",
  "whoami",
  "create",
  "x",
  "pkg",
  "fund",
  "-v",
  "--version",
]);
const PNPM_BUILTIN = new Set([
  ...NPM_BUILTIN,
  "dlx",
  "up",
  "store",
  "import",
  "patch",
  "patch-commit",
  "setup",
  "env",
  "licenses",
  "deploy",
  "fetch",
  "recursive",
  "-r",
  "workspace",
]);
const YARN_BUILTIN = new Set([
  ...PNPM_BUILTIN,
  "dlx",
  "workspace",
  "workspaces",
  "upgrade",
  "upgrade-interactive",
  "set",
  "node",
  "plugin",
  "npm",
  "constraints",
  "set",
]);
const VALUE_FLAGS = new Set(["--filter", "-F", "-C", "--dir", "--prefix", "-w", "--workspace", "--cwd"]);

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
      entry.text.includes(`\`${name}\``) &&
      /\b(add|create|define|register)\b/i.test(entry.text) &&
      /\b(script|target)\b/i.test(entry.text),
  );
}

// --- packages -------------------------------------------------------------------------------------------------

function installedPackages(command: string): string[] {
  const [tool, verb, ...rest] = command.split(/\s+/);
  const installs =
    (tool === "npm" && ["install", "i", "add"].includes(verb ?? "")) ||
    ((tool === "pnpm" || tool === "yarn" || tool === "bun") && verb === "add");
  if (!installs) return [];
  return dropFlags(rest)
    .map(packageName)
    .filter((name): name is string => name !== undefined);
}

/** Bare import specifiers in code, and scoped package names written alone in a code span. */
export function referencedPackages(text: string): string[] {
  const names = new Set<string>();
  for (const span of codeSpans(text)) {
    for (const match of span.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) {
      const name = packageName(match[1] ?? "");
      if (name) names.add(name);
    }
    if (/^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*$/.test(span)) names.add(span);
  }
  return [...names];
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
