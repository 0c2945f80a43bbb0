// What grounding checks a plan against: the repository's files and directories, what its manifests define, and
// what its .gitignore files leave out. A fact set to null is unknown (its manifests were not read), so no check
// relies on it.
import ignore from "ignore";

export interface RepoFacts {
  files: Set<string>;
  dirs: Set<string>;
  basenames: Set<string>;
  /** The extensions the repository's file names end on (`jq`, `rs`), lower case: a name ending on one is a file. */
  extensions: Set<string>;
  /** Scripts of every package.json; null when some package.json was not read. */
  scripts: Set<string> | null;
  /** Targets of the root Makefile; null when it exists but was not read. */
  makeTargets: Set<string> | null;
  /** Dependencies of every package.json, and the workspace packages' own names; null when unknown. */
  dependencies: Set<string> | null;
  /** The package manager the lockfile names, for install commands the plan may need. */
  packageManager: "npm" | "pnpm" | "yarn" | "bun";
  /**
   * Whether the repository's .gitignore files leave a path out: build output and local files (`src/builtin.inc`
   * made by `make`, a generated `Makefile`) that a plan may name though no commit holds them.
   */
  ignoredByGit: (path: string) => boolean;
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];
const IGNORED_DIRS = /(^|\/)(node_modules|vendor|\.git)\//;

/** `manifests` maps a path to its text for the package.json files and Makefile that were read. */
export function buildRepoFacts(paths: Iterable<string>, manifests: ReadonlyMap<string, string>): RepoFacts {
  const files = new Set<string>();
  const dirs = new Set<string>();
  const basenames = new Set<string>();
  const extensions = new Set<string>();
  for (const path of paths) {
    files.add(path);
    const parts = path.split("/");
    const name = parts.at(-1) ?? path;
    basenames.add(name);
    const extension = /.\.([A-Za-z0-9]+)$/.exec(name)?.[1];
    if (extension) extensions.add(extension.toLowerCase());
    for (let depth = 1; depth < parts.length; depth += 1) dirs.add(parts.slice(0, depth).join("/"));
  }
  const packageFiles = [...files].filter(
    (path) => /(^|\/)package\.json$/.test(path) && !IGNORED_DIRS.test(path),
  );
  let scripts: Set<string> | null = new Set();
  let dependencies: Set<string> | null = new Set();
  for (const path of packageFiles) {
    const manifest = parseJson(manifests.get(path));
    if (!manifest) {
      scripts = null;
      dependencies = null;
      break;
    }
    for (const name of Object.keys(asRecord(manifest.scripts))) scripts.add(name);
    for (const field of DEPENDENCY_FIELDS)
      for (const name of Object.keys(asRecord(manifest[field]))) dependencies.add(name);
    if (typeof manifest.name === "string") dependencies.add(manifest.name);
  }
  if (packageFiles.length === 0) dependencies = null;
  return {
    files,
    dirs,
    basenames,
    extensions,
    scripts,
    makeTargets: readMakeTargets(files, manifests),
    dependencies,
    ignoredByGit: gitIgnoreRules(manifests),
    packageManager: files.has("pnpm-lock.yaml")
      ? "pnpm"
      : files.has("yarn.lock")
        ? "yarn"
        : files.has("bun.lockb") || files.has("bun.lock")
          ? "bun"
          : "npm",
  };
}

/** The manifest files grounding needs to read, among the repository's paths. */
export function manifestPaths(paths: Iterable<string>): string[] {
  return [...paths].filter(
    (path) =>
      (/(^|\/)(package\.json|\.gitignore)$/.test(path) && !IGNORED_DIRS.test(path)) || path === "Makefile",
  );
}

/** Each .gitignore applies to the paths under its own folder, as git reads it. */
function gitIgnoreRules(manifests: ReadonlyMap<string, string>): (path: string) => boolean {
  const rules = [...manifests]
    .filter(([path]) => path === ".gitignore" || path.endsWith("/.gitignore"))
    .map(([path, text]) => ({ base: path.slice(0, -".gitignore".length), matcher: ignore().add(text) }));
  return (path) =>
    rules.some(({ base, matcher }) => {
      if (!path.startsWith(base) || path.length === base.length) return false;
      try {
        return matcher.ignores(path.slice(base.length));
      } catch {
        // Not a path git could hold (`..`, absolute): nothing its rules say about it.
        return false;
      }
    });
}

/** Files a build generates its Makefile from (Autotools, CMake, Meson, qmake, a configure script). */
const MAKEFILE_SOURCES = [
  "Makefile.am",
  "Makefile.in",
  "configure",
  "configure.ac",
  "CMakeLists.txt",
  "meson.build",
];

function readMakeTargets(files: Set<string>, manifests: ReadonlyMap<string, string>): Set<string> | null {
  // A generated Makefile's targets (`make check`, `make test`) are unknown until the build is configured.
  if (!files.has("Makefile"))
    return MAKEFILE_SOURCES.some((name) => files.has(name)) ||
      [...files].some((path) => path.endsWith(".pro"))
      ? null
      : new Set();
  const text = manifests.get("Makefile");
  if (text === undefined) return null;
  const targets = new Set<string>();
  for (const match of text.matchAll(/^([A-Za-z0-9_.\-/]+)\s*:(?!=)/gm)) if (match[1]) targets.add(match[1]);
  return targets;
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    // A broken package.json defines nothing; the plan cannot rely on it either.
    return {};
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
