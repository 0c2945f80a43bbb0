// Reads `.github/issue-planner.yml` (or the path the operator chose) and validates it. One GraphQL request reads the repository's file, the
// owner's `.github` repository's file (the fallback) and the default branch's head commit together, where the
// REST route takes two requests for the files and a third for the commit in the job; `_extends` chains
// (rare) are followed through Probot's config plugin. Results are cached briefly per repository: every label
// event would otherwise cost a request. The commit is only passed on from a fresh read.
import type { ProbotOctokit } from "probot";
import { parse as parseYaml } from "yaml";
import { codeSpan } from "../markdown-literal.js";
import { CONFIG_PATH } from "./repo-config.js";
import { type ConfigResult, type ServerPolicy, validateRepoConfig } from "./validate-repo-config.js";

export type RepoSetup = ConfigResult & {
  /** Head commit of the default branch when the trigger was read (absent when the configuration was cached). */
  commit?: string;
};

const SETUP_QUERY = `query issuePlannerSetup($owner: String!, $repo: String!, $expression: String!) {
  repository(owner: $owner, name: $repo) {
    defaultBranchRef { target { oid } }
    file: object(expression: $expression) { __typename ... on Blob { text isBinary } }
  }
  ownerDefaults: repository(owner: $owner, name: ".github") {
    file: object(expression: $expression) { __typename ... on Blob { text isBinary } }
  }
}`;

interface FileNode {
  __typename: string;
  text?: string | null;
  isBinary?: boolean;
}

interface SetupData {
  repository: { defaultBranchRef: { target: { oid: string } } | null; file: FileNode | null } | null;
  ownerDefaults: { file: FileNode | null } | null;
}

export class RepoConfigLoader {
  readonly #cache = new Map<string, { at: number; result: Promise<ConfigResult> }>();

  constructor(
    private readonly policy: ServerPolicy,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async load(octokit: ProbotOctokit, repo: { owner: string; repo: string }): Promise<RepoSetup> {
    const key = `${repo.owner}/${repo.repo}`.toLowerCase();
    const cached = this.#cache.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.result;
    const read = this.#read(octokit, repo);
    const result = read.then(({ commit: _commit, ...config }) => config as ConfigResult);
    this.#cache.set(key, { at: this.now(), result });
    // A failed read (GitHub down) must not be remembered.
    result.catch(() => this.#cache.delete(key));
    if (this.#cache.size > 5_000) this.#cache.delete(this.#cache.keys().next().value as string);
    return read;
  }

  async #read(octokit: ProbotOctokit, repo: { owner: string; repo: string }): Promise<RepoSetup> {
    const path = this.policy.configPath ?? CONFIG_PATH;
    let data: SetupData;
    try {
      data = await octokit.graphql<SetupData>(SETUP_QUERY, {
        ...repo,
        expression: `HEAD:${path}`,
      });
    } catch (error) {
      // An owner without a readable `.github` repository is normal: that part alone is "not found".
      if (!onlyOwnerDefaultsMissing(error)) throw error;
      data = (error as GraphqlError).data as SetupData;
    }
    const commit = data.repository?.defaultBranchRef?.target.oid;
    const withCommit = (result: ConfigResult): RepoSetup => (commit ? { ...result, commit } : result);
    const own = data.repository?.file ?? null;
    const file = own ?? (repo.repo === ".github" ? null : (data.ownerDefaults?.file ?? null));
    const source = own ? path : `${repo.owner}/.github:${path}`;
    if (!file) return withCommit(validateRepoConfig(undefined, this.policy));
    if (file.__typename !== "Blob" || file.isBinary || typeof file.text !== "string")
      return withCommit(problem(`${codeSpan(source)} is not a text file; it must be a YAML file.`));
    // A settings file is a few lines: a huge one is refused before parsing costs anything.
    if (file.text.length > MAX_CONFIG_CHARS)
      return withCommit(
        problem(
          `${codeSpan(source)} is ${file.text.length} characters long; settings files may hold ${MAX_CONFIG_CHARS}.`,
        ),
      );
    let raw: unknown;
    try {
      // yaml refuses a document with over 100 aliases by default (an alias bomb stays small).
      raw = parseYaml(file.text, { logLevel: "error", maxAliasCount: 100 }) ?? {};
    } catch (error) {
      const detail = (error as Error).message.split("\n")[0];
      return withCommit(
        problem(
          `${codeSpan(source)} cannot be read: invalid YAML (${detail}). Check its indentation and quoting.`,
        ),
      );
    }
    if (typeof raw !== "object" || Array.isArray(raw))
      return withCommit(
        problem(`${codeSpan(source)} cannot be read: it must be a YAML mapping of settings.`),
      );
    const { _extends: base, ...settings } = raw as Record<string, unknown>;
    if (base === undefined) return withCommit(validateRepoConfig(settings, this.policy));
    const extended = await readExtended(octokit, repo.owner, base, path);
    if (!extended.ok) return withCommit(problem(`${codeSpan(source)}: ${extended.problem}`));
    // As Probot's config plugin merges: the repository's own keys over the base's, key by key at the top level.
    return withCommit(validateRepoConfig({ ...extended.config, ...settings }, this.policy));
  }
}

const MAX_CONFIG_CHARS = 64 * 1024;

const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

/** `_extends: repo`, `owner/repo` or `owner/repo:path.yml`, read with Probot's config plugin (chains included). */
async function readExtended(
  octokit: ProbotOctokit,
  owner: string,
  value: unknown,
  defaultPath: string,
): Promise<{ ok: true; config: Record<string, unknown> } | { ok: false; problem: string }> {
  const match = typeof value === "string" ? EXTENDS.exec(value) : null;
  if (!match)
    return {
      ok: false,
      problem: `\`_extends\` must name a repository, e.g. \`.github\` or \`owner/repo:path.yml\`.`,
    };
  const target = { owner: match[1] ?? owner, repo: match[2] as string, path: match[3] ?? defaultPath };
  try {
    const { config } = await octokit.config.get(target);
    return { ok: true, config: (config ?? {}) as Record<string, unknown> };
  } catch (error) {
    return {
      ok: false,
      problem: `${codeSpan(`_extends: ${String(value)}`)} could not be read (${(error as Error).message.replace(/^\[[^\]]+\] /, "")}).`,
    };
  }
}

/** Octokit's GraphqlResponseError: the errors GitHub listed, and the data it could still give. */
interface GraphqlError {
  name: string;
  data?: unknown;
  errors?: { type?: string; path?: (string | number)[] }[];
}

function onlyOwnerDefaultsMissing(error: unknown): boolean {
  const { name, data, errors } = error as GraphqlError;
  return (
    name === "GraphqlResponseError" &&
    data !== undefined &&
    errors?.every((entry) => entry.type === "NOT_FOUND" && entry.path?.[0] === "ownerDefaults") === true
  );
}

function problem(message: string): ConfigResult {
  return { ok: false, problems: [message] };
}
