// What kind of repository and what kind of issue a plan is for, so the prompt tells the model which of the
// specification's rules apply: authorization where there are protected actions, cache invalidation where there
// are caches, UI states and accessibility where there is a UI, an end-to-end task where there is an E2E tool,
// and for a bug: find the cause, fix it, add a regression test. Pure: decided from the stack, the directory
// roles, the issue's labels and words.
import type { REPOSITORY_KINDS } from "../config/repo-config.js";
import type { DirectoryRole } from "../context/detect-roles.js";
import type { TechStack } from "../context/stack/detect-stack.js";

const ISSUE_KINDS = ["feature", "bug", "refactor or chore", "documentation"] as const;
export type RepositoryKind = (typeof REPOSITORY_KINDS)[number];
export type IssueKind = (typeof ISSUE_KINDS)[number];

export interface PlanProfile {
  repository: RepositoryKind;
  issue: IssueKind;
  /** The repository has a user interface (components, pages, templates, a UI framework). */
  ui: boolean;
  /** Endpoints, server actions or handlers that act for a user: they need authorization checks. */
  protectedActions: boolean;
  /** Caches in the stack (Redis, query caches, rendered pages): writes invalidate them. */
  caches: boolean;
  /** The ORM that holds the data, if any. */
  orm?: string;
  /** The end-to-end test tool, if any. */
  e2e?: string;
}

const UI_FRAMEWORKS = new Set(["nextjs", "nuxtjs", "sveltekit", "remixrun", "angular", "astro", "hotwire"]);
const SERVER_FRAMEWORKS = new Set([
  "nextjs",
  "nuxtjs",
  "sveltekit",
  "remixrun",
  "express",
  "fastify",
  "koa",
  "honojs",
  "elysiajs",
  "nestjs",
  "rails",
  "django",
  "djangorestframework",
  "flask",
  "fastapi",
  "laravel",
  "gin",
  "echo",
  "axum",
  "actix-web",
  "probot",
]);
const UI_ROLES = new Set(["components", "pages and layouts", "templates", "hooks"]);
const SERVER_ROLES = new Set(["server actions", "API routes", "controllers", "views", "URL routing"]);
const CLI_PATH = /^(cmd\/[^/]+\/main\.go|bin\/[^/]+|src\/cli\/|cli\/|src\/bin\/)/;

/** The repository's kind and what it has, from its stack, roles and (for a CLI) its paths. */
export function repositoryTraits(
  stack: TechStack,
  roles: DirectoryRole[],
  paths: readonly string[],
): Omit<PlanProfile, "issue"> {
  const frameworks = (stack.categories.frameworks ?? []).map((entry) => entry.key);
  const has = (role: Set<string>) => roles.some((entry) => role.has(entry.role));
  const ui =
    (stack.categories.ui ?? []).length > 0 ||
    frameworks.some((key) => UI_FRAMEWORKS.has(key)) ||
    has(UI_ROLES);
  const server = frameworks.some((key) => SERVER_FRAMEWORKS.has(key)) || has(SERVER_ROLES);
  const orm = stack.categories.orm?.[0]?.name;
  const e2e = stack.categories.e2eTests?.[0]?.name;
  return {
    repository: kindOf(stack, ui, server, paths),
    ui,
    protectedActions: server,
    caches: (stack.categories.cache ?? []).length > 0 || (stack.categories.dataFetching ?? []).length > 0,
    ...(orm ? { orm } : {}),
    ...(e2e ? { e2e } : {}),
  };
}

function kindOf(stack: TechStack, ui: boolean, server: boolean, paths: readonly string[]): RepositoryKind {
  if (stack.workspaces.length >= 2) return "monorepo";
  if (ui) return "web app";
  if (server) return "API service";
  return paths.some((path) => CLI_PATH.test(path)) ? "CLI" : "library";
}

const BUG_LABEL = /\b(bug|defect|regression|crash|broken)\b/i;
const DOC_LABEL = /\b(docs?|documentation)\b/i;
const CHORE_LABEL = /\b(refactor\w*|chore|tech(nical)?[- ]?debt|clean-?up|maintenance|dependenc\w*)\b/i;
const FEATURE_LABEL = /\b(feature|enhancement|feat|proposal)\b/i;
const STACK_TRACE =
  /^[ \t]+at .+[:(]\d+:\d+\)?$|Traceback \(most recent call last\)|^[ \t]*(\w+\.)*\w*(Error|Exception)\b.*:/m;
const BUG_WORDS =
  /\b(bug|error|errors|crash\w*|fails?|failing|failed|broken|breaks|doesn'?t|does not|not working|wrong|incorrect|regression|throws?|exception|unexpected|drops?|loses|lost|ignores?|ignored|missing|cannot|can'?t|hangs?|leaks?|instead of|invalid|inconsistent|infinite(ly)?|loops? forever|freez\w*|panic\w*|segfault\w*|deadlock\w*|overflow\w*)\b/i;
const DOC_WORDS = /\b(typo|readme|documentation|docs?)\b/i;
const CHORE_WORDS =
  /\b(refactor\w*|clean ?up|upgrade|bump|migrate (to|from)|rename|deprecat\w*|remove unused)\b/i;
/** The sections of GitHub's issue templates, as a heading or a bold label opening a line. */
const BUG_TEMPLATE =
  /^[ \t]*(?:#{1,6}[ \t]*|\*\*)?(?:describe the bug|bug description|steps to reproduce|to reproduce|reproduction steps|actual behaviou?r|current behaviou?r)\b/im;
const FEATURE_TEMPLATE =
  /^[ \t]*(?:#{1,6}[ \t]*|\*\*)?(?:is your feature request related|describe the solution you'?d like|feature description|proposed solution)\b/im;
/** "I would expect X. However, instead it is Y": what should happen set against what does. */
const EXPECTED_VERSUS_ACTUAL =
  /\b(?:i (?:would )?expect(?:ed)?|expected (?:result|output|behaviou?r)|should (?:be|return|give|print|output))\b[\s\S]{0,400}?\b(?:instead|but (?:it |got|returns?|gives?|prints?|outputs?)|actual(?:ly)? (?:result|output|behaviou?r)?)/i;
const PREFIX = /^\s*\[?(fix|bug|docs?|refactor|chore|feat|feature)\]?\s*[:(\]]/i;

/** The issue's kind from its labels, then a conventional prefix of its title, then its words. */
export function issueKind(issue: {
  title: string;
  body: string | null;
  labels?: readonly string[];
}): IssueKind {
  const labels = issue.labels ?? [];
  if (labels.some((label) => BUG_LABEL.test(label))) return "bug";
  if (labels.some((label) => DOC_LABEL.test(label))) return "documentation";
  if (labels.some((label) => CHORE_LABEL.test(label))) return "refactor or chore";
  if (labels.some((label) => FEATURE_LABEL.test(label))) return "feature";
  const prefix = PREFIX.exec(issue.title)?.[1]?.toLowerCase();
  if (prefix === "fix" || prefix === "bug") return "bug";
  if (prefix === "docs" || prefix === "doc") return "documentation";
  if (prefix === "refactor" || prefix === "chore") return "refactor or chore";
  if (prefix === "feat" || prefix === "feature") return "feature";
  if (BUG_WORDS.test(issue.title) || STACK_TRACE.test(issue.body ?? "")) return "bug";
  if (FEATURE_TEMPLATE.test(issue.body ?? "")) return "feature";
  if (BUG_TEMPLATE.test(issue.body ?? "") || EXPECTED_VERSUS_ACTUAL.test(issue.body ?? "")) return "bug";
  if (DOC_WORDS.test(issue.title)) return "documentation";
  if (CHORE_WORDS.test(issue.title)) return "refactor or chore";
  return "feature";
}

const ISSUE_NAMES: Record<IssueKind, string> = {
  feature: "a feature request",
  bug: "a bug report",
  "refactor or chore": "a refactor or chore",
  documentation: "a documentation change",
};
const REPOSITORY_NAMES: Record<RepositoryKind, string> = {
  "web app": "a web app",
  "API service": "an API service",
  library: "a library",
  CLI: "a command-line tool",
  monorepo: "a monorepo",
};

/** "a bug report in a library": what a plan was written as, for its footer and `/plan help`. */
export function describeProfile(profile: Pick<PlanProfile, "issue" | "repository">): string {
  return `${ISSUE_NAMES[profile.issue]} in ${REPOSITORY_NAMES[profile.repository]}`;
}
