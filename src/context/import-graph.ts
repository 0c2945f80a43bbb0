// Who imports whom, for JavaScript/TypeScript and Python: strong hits pull in the files they use and the files
// that use them. Specifiers are resolved against the repository's own files (relative paths, `@/` and `~/`
// aliases, workspace packages); packages from a registry are ignored.

import { runAtOnce, runSliced, type TimeSlices } from "../time-slices.js";

export interface ImportGraph {
  imports: Map<string, Set<string>>;
  importedBy: Map<string, Set<string>>;
}

const JS = /\.(m|c)?(t|j)sx?$|\.(vue|svelte|astro)$/;
const JS_IMPORT =
  /(?:\bimport\s[^'"`;]*?\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bexport\s[^'"`;]*?\bfrom\s*)['"]([^'"]+)['"]/g;
const PY_IMPORT = /^\s*(?:from\s+([.\w]+)\s+import\s+([\w, ()*]+)|import\s+([\w.]+))/gm;
const JS_EXTENSIONS = [
  "",
  ".ts",
  ".tsx",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
  ".vue",
  ".svelte",
  "/index.ts",
  "/index.tsx",
  "/index.js",
  "/index.jsx",
];

export function buildImportGraph(files: Map<string, string>, allPaths: string[]): ImportGraph {
  return runAtOnce(linking(files, allPaths));
}

/** The same graph, built in slices that hand the event loop back between them (time-slices.ts). */
export function importGraphOf(
  files: Map<string, string>,
  allPaths: string[],
  slices: TimeSlices,
): Promise<ImportGraph> {
  return runSliced(linking(files, allPaths), slices);
}

/** Builds the graph one file per step. */
function* linking(files: Map<string, string>, allPaths: string[]): Generator<void, ImportGraph> {
  const known = new Set(allPaths);
  const resolve = jsResolver(known, workspacePackages(files, allPaths));
  const imports = new Map<string, Set<string>>();
  const importedBy = new Map<string, Set<string>>();
  const link = (from: string, to: string | undefined) => {
    if (!to || to === from) return;
    (imports.get(from) ?? imports.set(from, new Set()).get(from))?.add(to);
    (importedBy.get(to) ?? importedBy.set(to, new Set()).get(to))?.add(from);
  };
  for (const [path, content] of files) {
    if (JS.test(path)) {
      for (const match of content.matchAll(JS_IMPORT)) link(path, resolve(match[1] ?? "", path));
    } else if (path.endsWith(".py")) {
      for (const match of content.matchAll(PY_IMPORT)) {
        const module = match[1] ?? match[3] ?? "";
        for (const target of resolvePython(module, (match[2] ?? "").split(/[\s,()]+/), path, known))
          link(path, target);
      }
    }
    yield;
  }
  return { imports, importedBy };
}

/**
 * Resolves a JavaScript specifier from a file to a file of the repository. What a specifier resolves to depends on
 * the importing file's folder only (relative specifiers), its package's root (aliases), or nothing (workspace
 * packages): each is resolved once per such key, as a monorepo's files import the same specifiers again and again.
 */
function jsResolver(
  known: Set<string>,
  packages: Map<string, string>,
): (spec: string, from: string) => string | undefined {
  const resolved = new Map<string, string | undefined>();
  const roots = new Map<string, string>();
  const rootOf = (dir: string) => {
    let root = roots.get(dir);
    if (root === undefined) {
      root = packageRoot(dir, known);
      roots.set(dir, root);
    }
    return root;
  };
  return (spec, from) => {
    const dir = from.slice(0, from.lastIndexOf("/") + 1);
    const alias = spec.startsWith("@/") || spec.startsWith("~/");
    const key = spec.startsWith(".") ? `${dir}\0${spec}` : alias ? `${rootOf(dir)}\0${spec}` : spec;
    if (resolved.has(key)) return resolved.get(key);
    const target = firstKnown(basesOf(spec, dir, alias ? rootOf(dir) : "", packages), known);
    resolved.set(key, target);
    return target;
  };
}

/** The paths a specifier may name, without their extension; none for a package from a registry. */
function basesOf(spec: string, dir: string, root: string, packages: Map<string, string>): string[] {
  if (spec.startsWith(".")) return [join(dir, spec)];
  if (spec.startsWith("@/") || spec.startsWith("~/"))
    return [`${root}src/${spec.slice(2)}`, `${root}${spec.slice(2)}`, `${root}app/${spec.slice(2)}`];
  const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? "");
  const dirOf = packages.get(name);
  if (dirOf === undefined) return [];
  const rest = spec.slice(name.length).replace(/^\//, "");
  return rest ? [`${dirOf}src/${rest}`, `${dirOf}${rest}`] : [`${dirOf}src/index`, `${dirOf}index`];
}

function firstKnown(bases: string[], known: Set<string>): string | undefined {
  for (const base of bases) {
    for (const extension of JS_EXTENSIONS) {
      const joined = `${base}${extension}`;
      const candidate = joined.startsWith("/") ? joined.slice(1) : joined;
      if (known.has(candidate)) return candidate;
    }
    // TypeScript sources imported with a .js extension.
    const swapped = base.replace(/\.js$/, ".ts");
    if (known.has(swapped)) return swapped;
  }
  return undefined;
}

function resolvePython(module: string, names: string[], from: string, known: Set<string>): string[] {
  let base: string;
  if (module.startsWith(".")) {
    const dots = module.length - module.replace(/^\.+/, "").length;
    const parts = from.split("/").slice(0, -dots);
    base = [...parts, ...module.slice(dots).split(".").filter(Boolean)].join("/");
  } else {
    base = module.split(".").join("/");
  }
  // `from package import module` imports the module's file rather than the package's __init__.py.
  const modules = names
    .filter((name) => name && known.has(`${base}/${name}.py`))
    .map((name) => `${base}/${name}.py`);
  if (modules.length > 0) return modules;
  return [`${base}.py`, `${base}/__init__.py`].filter((candidate) => known.has(candidate));
}

/** Workspace package name -> its folder ("packages/db/"), from every package.json read. */
function workspacePackages(files: Map<string, string>, allPaths: string[]): Map<string, string> {
  const packages = new Map<string, string>();
  for (const path of allPaths) {
    if (!path.endsWith("package.json") || path === "package.json") continue;
    const text = files.get(path);
    if (!text) continue;
    try {
      const name = (JSON.parse(text) as { name?: unknown }).name;
      if (typeof name === "string") packages.set(name, path.slice(0, -"package.json".length));
    } catch {
      // Not a package we can name.
    }
  }
  return packages;
}

/** The folder of the nearest package.json above files of `dir` (a folder ending in "/"), or the root. */
function packageRoot(dir: string, known: Set<string>): string {
  const parts = `${dir}x`.split("/");
  for (let depth = parts.length - 1; depth > 0; depth -= 1) {
    const dir = `${parts.slice(0, depth).join("/")}/`;
    if (known.has(`${dir}package.json`)) return dir;
  }
  return "";
}

function join(dir: string, relative: string): string {
  const parts = `${dir}${relative}`.split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}
