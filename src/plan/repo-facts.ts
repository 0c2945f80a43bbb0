// What grounding checks a plan against: the repository's files and directories, and what its manifests define.
// A fact set to null is unknown (its manifests were not read), so no check relies on it.

export interface RepoFacts {
  files: Set<string>;
  dirs: Set<string>;
  basenames: Set<string>;
  /** Scripts of every package.json; null when some package.json was not read. */
  scripts: Set<string> | null;
  /** Targets of the root Makefile; null when it exists but was not read. */
  makeTargets: Set<string> | null;
  /** Dependencies of every package.json, and the workspace packages' own names; null when unknown. */
  dependencies: Set<string> | null;
  /** The package manager the lockfile names, for install commands the plan may need. */
  packageManager: "npm" | "pnpm" | "yarn" | "bun";
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];
const IGNORED_DIRS = /(^|\/)(node_modules|vendor|\.git)\//;

/** `manifests` maps a path to its text for the package.json files and Makefile that were read. */
export function buildRepoFacts(paths: Iterable<string>, manifests: ReadonlyMap<string, string>): RepoFacts {
  const files = new Set<string>();
  const dirs = new Set<string>();
  const basenames = new Set<string>();
  for (const path of paths) {
    files.add(path);
    const parts = path.split("/");
    basenames.add(parts.at(-1) ?? path);
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
    scripts,
    makeTargets: readMakeTargets(files, manifests),
    dependencies,
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
    (path) => (/(^|\/)package\.json$/.test(path) && !IGNORED_DIRS.test(path)) || path === "Makefile",
  );
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
