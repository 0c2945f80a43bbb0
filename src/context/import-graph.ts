// Who imports whom, for JavaScript/TypeScript and Python: strong hits pull in the files they use and the files
// that use them. Specifiers are resolved against the repository's own files (relative paths, `@/` and `~/`
// aliases, workspace packages); packages from a registry are ignored.
//
// A file's imports are read from its text once (`fileImports`: on the index thread as the tarball streams, or here
// when the graph is built on the main thread) and resolved once the listing is known (`linkImports`).

import { runAtOnce, runSliced, type TimeSlices } from "../time-slices.js";

export interface ImportGraph {
  imports: Map<string, Set<string>>;
  importedBy: Map<string, Set<string>>;
}

/** What a file imports as written, before resolution, and the name a package.json gives its package. */
export interface FileImports {
  /** A JavaScript or TypeScript file's specifiers, in order. */
  js?: string[];
  /** A Python file's imports: the module and the names imported from it. */
  py?: { module: string; names: string[] }[];
  /** A package.json's `name` (not the root's). */
  packageName?: string;
}

/** The files to link: each file read and what it imports (undefined: nothing to resolve), in order. */
type FilesImports = Iterable<readonly [path: string, imports: FileImports | undefined]>;

const JS = /\.(m|c)?(t|j)sx?$|\.(vue|svelte|astro)$/;
// An `import ... from` or `export ... from` clause is looked for up to the next `import` (or `export`) only: a text
// repeating the word without a quote or semicolon (`import x import x ...`) made each occurrence scan to the end,
// 23 s for one crafted 512 KB file. Python's imports are looked for after a line's indentation only: `^\s*`
// crossed line ends, and a file of blank lines took minutes.
const JS_IMPORT =
  /(?:\bimport\s(?:(?!\bimport\b)[^'"`;])*?\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bexport\s(?:(?!\bexport\b)[^'"`;])*?\bfrom\s*)['"]([^'"]+)['"]/g;
const PY_IMPORT = /^[ \t]*(?:from\s+([.\w]+)\s+import\s+([\w, ()*]+)|import\s+([\w.]+))/gm;
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

export function buildImportGraph(files: ReadonlyMap<string, string>, allPaths: string[]): ImportGraph {
  return runAtOnce(linking(importsOfTexts(files), allPaths, textNames(files)));
}

/** The same graph, built in slices that hand the event loop back between them (time-slices.ts). */
export function importGraphOf(
  files: ReadonlyMap<string, string>,
  allPaths: string[],
  slices: TimeSlices,
): Promise<ImportGraph> {
  return runSliced(linking(importsOfTexts(files), allPaths, textNames(files)), slices);
}

/**
 * The graph of files whose imports were read already (on the index thread), built at once: `files` as read, in the
 * order the context read them; `allPaths` the listing.
 */
export function linkImports(files: Map<string, FileImports | undefined>, allPaths: string[]): ImportGraph {
  return runAtOnce(linking(files, allPaths, (path) => files.get(path)?.packageName));
}

/**
 * The graph's edges as (importing, imported) positions in `listed`, in the order they were found, for a thread to
 * hand its graph over in one buffer; undefined when a file of the graph is not listed.
 */
export function edgesOf(graph: ImportGraph, listed: readonly string[]): Int32Array | undefined {
  const position = new Map(listed.map((path, at) => [path, at]));
  const edges = new Int32Array(
    2 * [...graph.imports.values()].reduce((sum, targets) => sum + targets.size, 0),
  );
  let at = 0;
  for (const [from, targets] of graph.imports) {
    for (const to of targets) {
      const [source, target] = [position.get(from), position.get(to)];
      if (source === undefined || target === undefined) return undefined;
      edges[at] = source;
      edges[at + 1] = target;
      at += 2;
    }
  }
  return edges;
}

/** The graph `edgesOf` gave: the same maps, their keys and members in the same order. */
export function graphOfEdges(edges: Int32Array, listed: readonly string[]): ImportGraph {
  const graph: ImportGraph = { imports: new Map(), importedBy: new Map() };
  for (let at = 0; at < edges.length; at += 2)
    addEdge(graph, listed[edges[at] as number] as string, listed[edges[at + 1] as number] as string);
  return graph;
}

function addEdge({ imports, importedBy }: ImportGraph, from: string, to: string): void {
  (imports.get(from) ?? imports.set(from, new Set()).get(from))?.add(to);
  (importedBy.get(to) ?? importedBy.set(to, new Set()).get(to))?.add(from);
}

/** What a file imports, read from its text; undefined when it imports nothing the graph resolves. */
export function fileImports(path: string, content: string): FileImports | undefined {
  if (JS.test(path)) {
    const js = [...content.matchAll(JS_IMPORT)].map((match) => match[1] ?? "");
    return js.length > 0 ? { js } : undefined;
  }
  if (path.endsWith(".py")) {
    const py = [...content.matchAll(PY_IMPORT)].map((match) => ({
      module: match[1] ?? match[3] ?? "",
      names: (match[2] ?? "").split(/[\s,()]+/),
    }));
    return py.length > 0 ? { py } : undefined;
  }
  if (path.endsWith("package.json") && path !== "package.json") {
    const packageName = nameOfPackage(content);
    return packageName === undefined ? undefined : { packageName };
  }
  return undefined;
}

function* importsOfTexts(
  files: ReadonlyMap<string, string>,
): Generator<readonly [string, FileImports | undefined]> {
  for (const [path, content] of files) yield [path, fileImports(path, content)];
}

/** The package name of each package.json read (its text parsed when asked). */
function textNames(files: ReadonlyMap<string, string>): (path: string) => string | undefined {
  return (path) => {
    const text = files.get(path);
    return text ? nameOfPackage(text) : undefined;
  };
}

/** Builds the graph one file per step; `nameOf` gives the name of a package.json read. */
function* linking(
  files: FilesImports,
  allPaths: string[],
  nameOf: (path: string) => string | undefined,
): Generator<void, ImportGraph> {
  const known = new Set(allPaths);
  const resolve = jsResolver(known, workspacePackages(allPaths, nameOf));
  const graph: ImportGraph = { imports: new Map(), importedBy: new Map() };
  const link = (from: string, to: string | undefined) => {
    if (to && to !== from) addEdge(graph, from, to);
  };
  for (const [path, found] of files) {
    for (const spec of found?.js ?? []) link(path, resolve(spec, path));
    for (const { module, names } of found?.py ?? [])
      for (const target of resolvePython(module, names, path, known)) link(path, target);
    yield;
  }
  return graph;
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

/** Workspace package name -> its folder ("packages/db/"), from every package.json read, in the listing's order. */
function workspacePackages(
  allPaths: string[],
  nameOf: (path: string) => string | undefined,
): Map<string, string> {
  const packages = new Map<string, string>();
  for (const path of allPaths) {
    if (!path.endsWith("package.json") || path === "package.json") continue;
    const name = nameOf(path);
    if (name !== undefined) packages.set(name, path.slice(0, -"package.json".length));
  }
  return packages;
}

/** The `name` a package.json gives its package, if it can be read. */
function nameOfPackage(text: string): string | undefined {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  } catch {
    // Not a package we can name.
    return undefined;
  }
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
