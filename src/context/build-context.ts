// The [CODEBASE CONTEXT] of a plan, from any snapshot: tech stack, directory roles, the file tree and the files
// most relevant to the issue, within a token budget. Used alike by the app, the CLI and the benchmarks.
import type { RepoFile } from "../repo/repo-snapshot.js";
import type { SafeSnapshot } from "../repo/safe-snapshot.js";
import {
  type CommitIndex,
  commitIndex,
  commitRoles,
  DEFAULT_MAX_INDEX_BYTES,
  rankIndexed,
  readEach,
  stackOf,
} from "./commit-index.js";
import { type TokenCounter, tokenCounterFor } from "./count-tokens.js";
import { type DirectoryRole, renderRoles } from "./detect-roles.js";
import { issueSignals } from "./issue-signals.js";
import { type PackedFile, packFiles } from "./pack-files.js";
import { PromptTexts } from "./prompt-texts.js";
import { type RankedFile, rankFiles } from "./rank-files.js";
import { renderStack } from "./render-stack.js";
import { renderTree } from "./render-tree.js";
import type { TechStack } from "./stack/detect-stack.js";

export interface ContextIssue {
  title: string;
  body: string | null;
  instructions?: string;
}

export interface ContextOptions {
  /** Tokens the whole context may use. */
  budget: number;
  /** The model whose tokenizer counts the budget. */
  model: string;
  /** `bm25`: the plain baseline (BM25 ranking, whole files only), for benchmarks. */
  mode?: "full" | "bm25";
  /** A header line naming the repository and commit. */
  repository?: string;
  /** False when reads are expensive (the trees API): files are ranked by path and only packed files are read. */
  indexContents?: boolean;
  /** Larger files are not indexed for ranking (they can still be named by the issue). */
  maxIndexBytes?: number;
  /** Files always given to the model (the configuration's `context.include`). */
  include?: string[];
}

interface ContextFile {
  path: string;
  reason: string;
  tokens: number;
  /** "whole" or the line ranges shown. */
  shown: string;
}

export interface BuiltContext {
  text: string;
  tokens: number;
  stack: TechStack;
  roles: DirectoryRole[];
  /** Every listed path of the repository. */
  paths: string[];
  files: ContextFile[];
}

/** Files worth reading by their name alone, when reading costs a request each (the trees API). */
const TEXT_FILE =
  /\.(m|c)?(t|j)sx?$|\.(py|rb|go|rs|php|java|kt|kts|scala|swift|cs|vue|svelte|astro|prisma|sql|graphql|gql|ya?ml|toml|json|md|mdx|erb|html?|css|scss|sh|ex|exs|dart|lua|c|h|cc|cpp|hpp)$|(^|\/)(Dockerfile|Makefile|Gemfile|Rakefile|Procfile)$/;

export async function buildContext(
  snapshot: SafeSnapshot,
  issue: ContextIssue,
  options: ContextOptions,
): Promise<BuiltContext> {
  return packContext(await prepareContext(snapshot, issue, options), options.budget);
}

/** Everything but the packing: the ranking does not depend on the budget, so benchmarks reuse it. */
export interface PreparedContext {
  options: ContextOptions;
  count: TokenCounter;
  paths: string[];
  stack: TechStack;
  roles: DirectoryRole[];
  ranked: RankedFile[];
  /** Texts the prompt may show (redacted). */
  contents: PromptTexts;
  query: string;
  /** Identifiers the issue names: excerpts show their whole definitions first. */
  identifiers: string[];
}

export async function prepareContext(
  snapshot: SafeSnapshot,
  issue: ContextIssue,
  options: ContextOptions,
): Promise<PreparedContext> {
  const count = tokenCounterFor(options.model);
  const listed = await snapshot.listFiles();
  const paths = listed.map((file) => file.path);
  const [stack, index] = await Promise.all([
    stackOf(snapshot),
    options.indexContents === false
      ? undefined
      : commitIndex(snapshot, listed, options.maxIndexBytes ?? DEFAULT_MAX_INDEX_BYTES),
  ]);
  // What the prompt may show: indexed files redacted when first shown, and files read for this issue alone.
  const contents = new PromptTexts(
    index?.unredacted ?? new Map(),
    snapshot.redact,
    index?.redacted ?? new Map(),
  );
  const roles = await commitRoles(snapshot, paths);
  const signals = issueSignals(issue.title, issue.body ?? "", issue.instructions ?? "");
  const mode = options.mode ?? "full";

  let ranked: RankedFile[];
  if (options.indexContents === false) {
    // Rank by path alone, then read just the candidates worth packing.
    const byPath = new Map(
      listed.filter((file) => !file.unreadable && TEXT_FILE.test(file.path)).map((file) => [file.path, ""]),
    );
    ranked = rankFiles(byPath, paths, signals, { mode }).slice(0, 60);
    await readInto(
      snapshot,
      ranked.map((file) => file.path),
      contents,
    );
  } else {
    ranked = await rankIndexed(snapshot, index as CommitIndex, paths, signals, mode);
  }
  // A file the issue names is shown even when it was too large to index.
  await readInto(snapshot, namedUnread(ranked, contents), contents);
  if (mode === "full") ranked = withPatternFiles(ranked, stack, roles, listed, contents);
  if (options.include?.length) ranked = await withIncluded(snapshot, ranked, options.include, contents);
  return {
    options,
    count,
    paths,
    stack,
    roles,
    ranked,
    contents,
    query: signals.query,
    identifiers: signals.identifiers,
  };
}

export function packContext(prepared: PreparedContext, budget: number): BuiltContext {
  const { options, count, paths, stack, roles, ranked, contents } = prepared;
  const header = [
    options.repository ? `Repository: ${options.repository}` : undefined,
    "Tech Stack:",
    ...renderStack(stack),
    "",
    "Directory Structure (where things live):",
    ...(roles.length > 0
      ? renderRoles(roles).map((line) => `- ${line}`)
      : ["- No conventional folders recognised."]),
  ]
    .filter((line): line is string => line !== undefined)
    .join("\n");
  const snippetsTitle =
    "Relevant Code Snippets (chosen for this issue, most relevant first; excerpts show line numbers):";
  const fixed = count(header) + count(snippetsTitle) + 20;
  const treeBudget = Math.min(Math.floor(budget * 0.15), 4_000);
  const filesBudget = Math.max(0, budget - fixed - treeBudget);
  const packed = packFiles(ranked, contents, {
    budget: filesBudget,
    count,
    query: prepared.query,
    identifiers: prepared.identifiers,
    mode: options.mode === "bm25" ? "whole" : "excerpts",
  });
  const tree = renderTree(
    paths,
    packed.map((file) => file.path),
    treeBudget + (filesBudget - packed.reduce((sum, file) => sum + file.tokens, 0)),
    count,
  );
  const text = [header, "", tree, "", snippetsTitle, ...packed.map((file) => file.block)].join("\n");
  return { text, tokens: count(text), stack, roles, paths, files: packed.map(describe) };
}

function namedUnread(ranked: RankedFile[], contents: PromptTexts): string[] {
  return ranked
    .filter((file) => file.reasons.includes("named in the issue") && !contents.has(file.path))
    .map((file) => file.path);
}

/** Configured files come first, whatever their rank; a path that does not exist is skipped. */
async function withIncluded(
  snapshot: SafeSnapshot,
  ranked: RankedFile[],
  include: string[],
  contents: PromptTexts,
): Promise<RankedFile[]> {
  const wanted = include.map((path) => path.replace(/^\.?\//, ""));
  await readInto(
    snapshot,
    wanted.filter((path) => !contents.has(path)),
    contents,
  );
  const first = wanted
    .filter((path) => contents.has(path))
    .map((path) => ({
      path,
      score: Number.POSITIVE_INFINITY,
      reasons: ["always included by the configuration"],
    }));
  const chosen = new Set(first.map((file) => file.path));
  return [...first, ...ranked.filter((file) => !chosen.has(file.path))];
}

function describe(file: PackedFile): ContextFile {
  return {
    path: file.path,
    reason: file.reason,
    tokens: file.tokens,
    shown: file.ranges ? file.ranges.map(([a, b]) => `${a}-${b}`).join(", ") : "whole",
  };
}

/** The ORM schema and one test of each kind join the ranked files: the plan needs their patterns. */
function withPatternFiles(
  ranked: RankedFile[],
  stack: TechStack,
  roles: DirectoryRole[],
  listed: readonly RepoFile[],
  contents: PromptTexts,
): RankedFile[] {
  const present = new Set(ranked.map((file) => file.path));
  const top = ranked[0]?.score ?? 1;
  const extras: RankedFile[] = [];
  for (const orm of stack.categories.orm ?? []) {
    const schema = orm.notes?.find((note) => note.startsWith("schema: "))?.match(/`([^`]+)`/)?.[1];
    if (schema && !present.has(schema) && contents.has(schema)) {
      extras.push({ path: schema, score: top * 0.5, reasons: [`the ${orm.name} schema`] });
    }
  }
  // The routes file of frameworks that route in one place (Rails, Django, Laravel): new endpoints go there.
  const routes = (roles.find((entry) => entry.role === "URL routing")?.paths ?? []).filter((path) =>
    contents.has(path),
  );
  const routesFile = closest(routes, ranked[0]?.path ?? "");
  if (routesFile && !present.has(routesFile))
    extras.push({ path: routesFile, score: top * 0.35, reasons: ["the routes file"] });
  for (const role of ["unit tests", "end-to-end tests"]) {
    const example = exampleTest(role, roles, listed, contents, ranked[0]?.path ?? "");
    if (example && !present.has(example))
      extras.push({
        path: example,
        score: top * 0.3,
        reasons: [`an existing ${role.replace(/s$/, "")} to follow`],
      });
  }
  return [...ranked, ...extras].sort((a, b) => b.score - a.score);
}

/** The test closest to the top file, the smallest of those as close (a file's size, not its text, is compared). */
function exampleTest(
  role: string,
  roles: DirectoryRole[],
  listed: readonly RepoFile[],
  contents: PromptTexts,
  near: string,
): string | undefined {
  const folders = roles.find((entry) => entry.role === role)?.paths ?? [];
  const candidates = listed.filter(
    ({ path }) =>
      contents.has(path) &&
      folders.some((folder) => (folder.endsWith("/") ? path.startsWith(folder) : path === folder)) &&
      /\.(test|spec)\.|_spec\.rb$|_test\.(go|rb|py)$|(^|\/)test_[^/]+\.py$/.test(path),
  );
  return candidates.sort(
    (a, b) => sharedPrefix(b.path, near) - sharedPrefix(a.path, near) || a.size - b.size,
  )[0]?.path;
}

function closest(paths: string[], near: string): string | undefined {
  return [...paths].sort((a, b) => sharedPrefix(b, near) - sharedPrefix(a, near))[0];
}

function sharedPrefix(path: string, near: string): number {
  let index = 0;
  while (index < path.length && path[index] === near[index]) index += 1;
  return index;
}

/** Reads files through the snapshot's `readFile`, which redacts, into what the prompt may show. */
function readInto(snapshot: SafeSnapshot, paths: string[], into: PromptTexts): Promise<void> {
  return readEach(paths, (path) => snapshot.readFile(path), into);
}
