// The tech stack of a repository: @specfy/stack-analyser finds the technologies across ecosystems; this module
// adds what a plan needs on top: versions, the framework's mode, ORM schema and migration commands, test tools,
// the package manager and the scripts that exist.
import "@specfy/stack-analyser/dist/autoload.js";
import { type AllowedKeys, analyser, flatten, tech } from "@specfy/stack-analyser";
import type { RepoSnapshot } from "../../repo/repo-snapshot.js";
import { isProductFile } from "../product-files.js";
import { declaredDependencies, isManifest, stackManifests } from "./declared-dependencies.js";
import { extraTechs } from "./extra-techs.js";
import { frameworkModes } from "./framework-modes.js";
import { ormCommands } from "./orm-commands.js";
import { type PackageManager, packageManagerOf } from "./package-manager.js";
import { snapshotProvider } from "./snapshot-provider.js";

export type StackCategory =
  | "frameworks"
  | "ui"
  | "orm"
  | "database"
  | "validation"
  | "dataFetching"
  | "auth"
  | "payments"
  | "cache"
  | "queue"
  | "unitTests"
  | "e2eTests"
  | "monitoring"
  | "analytics"
  | "cms"
  | "ai";

export interface StackEntry {
  key: string;
  name: string;
  version?: string;
  /** What a plan must know beyond the name: router mode, schema path, migration commands. */
  notes?: string[];
}

export interface TechStack {
  /** Main languages, most files first. */
  languages: string[];
  packageManager: PackageManager | null;
  categories: Partial<Record<StackCategory, StackEntry[]>>;
  scripts: { manifest: string; name: string; command: string }[];
  /** Folders of the packages of a monorepo (besides the root). */
  workspaces: string[];
}

const BY_TYPE: Partial<Record<string, StackCategory>> = {
  framework: "frameworks",
  ssg: "frameworks",
  ui_framework: "frameworks",
  ui: "ui",
  orm: "orm",
  db: "database",
  validation: "validation",
  auth: "auth",
  payment: "payments",
  queue: "queue",
  test: "unitTests",
  monitoring: "monitoring",
  analytics: "analytics",
  cms: "cms",
  ai: "ai",
};

// Technologies whose analyser type does not say what a plan needs.
const BY_KEY: Partial<Record<string, StackCategory>> = {
  express: "frameworks",
  fastify: "frameworks",
  koa: "frameworks",
  honojs: "frameworks",
  elysiajs: "frameworks",
  trpc: "dataFetching",
  playwright: "e2eTests",
  puppeteer: "e2eTests",
  selenium: "e2eTests",
  cypressci: "e2eTests",
  redis: "cache",
  valkey: "cache",
  memcached: "cache",
  "upstash.redis": "cache",
  "vercel.kv": "cache",
  supabase: "database",
  firebase: "database",
};

// Package names that carry a technology's version.
const VERSION_FROM: Partial<Record<string, string[]>> = {
  nextjs: ["next"],
  react: ["react"],
  vuejs: ["vue"],
  nuxtjs: ["nuxt"],
  sveltekit: ["@sveltejs/kit"],
  sveltejs: ["svelte"],
  remixrun: ["@remix-run/react", "@remix-run/node"],
  nestjs: ["@nestjs/core"],
  express: ["express"],
  angular: ["@angular/core"],
  prisma: ["prisma", "@prisma/client"],
  drizzleorm: ["drizzle-orm"],
  typeorm: ["typeorm"],
  sequelize: ["sequelize"],
  tailwind: ["tailwindcss"],
  zod: ["zod"],
  vitest: ["vitest"],
  jest: ["jest"],
  playwright: ["@playwright/test", "playwright"],
  rails: ["rails"],
  django: ["django", "Django"],
  laravel: ["laravel/framework"],
  stripe: ["stripe"],
  sqlalchemy: ["sqlalchemy", "SQLAlchemy"],
};

export async function detectStack(whole: RepoSnapshot): Promise<TechStack> {
  // The stack of what the repository ships: fixtures, examples and test apps have manifests of their own.
  const files = (await whole.listFiles()).filter((file) => isProductFile(file.path));
  const snapshot: RepoSnapshot = {
    commit: whole.commit,
    listFiles: async () => files,
    readFile: (path) => whole.readFile(path),
  };
  const paths = files.map((file) => file.path);
  // The analyser sees the manifests the versions are read from, and no others (see stackManifests).
  const kept = stackManifests(paths);
  const analysed = files.filter((file) => kept.has(file.path) || !isManifest(file.path));
  const provider = await snapshotProvider({ ...snapshot, listFiles: async () => analysed });
  const result = flatten(await analyser({ provider }), { merge: true }).toJson("/");
  const components = [result, ...result.childs];
  const techs = new Set<AllowedKeys>(components.flatMap((component) => component.techs));
  // Lower-cased names: manifests disagree on case (Django, django).
  const versions = await declaredDependencies(snapshot, paths);
  for (const [, name, version] of components.flatMap((component) => component.dependencies)) {
    if (version && version !== "latest" && !versions.get(name.toLowerCase()))
      versions.set(name.toLowerCase(), cleanVersion(version));
  }
  const versionOf = (name: string) => versions.get(name.toLowerCase()) || undefined;

  const categories: TechStack["categories"] = {};
  const add = (category: StackCategory, entry: StackEntry) => {
    const list = categories[category] ?? [];
    if (!list.some((existing) => existing.key === entry.key)) list.push(entry);
    categories[category] = list;
  };
  for (const key of techs) {
    const item = tech.indexed[key];
    const category = BY_KEY[key] ?? (item ? BY_TYPE[item.type] : undefined);
    if (!item || !category) continue;
    const version = (VERSION_FROM[key] ?? [key]).map(versionOf).find(Boolean);
    add(category, { key, name: item.name, ...(version ? { version } : {}) });
  }
  for (const extra of extraTechs(paths, new Set(versions.keys()))) {
    const version = extra.dependency ? versionOf(extra.dependency) : undefined;
    add(extra.category, { key: extra.key, name: extra.name, ...(version ? { version } : {}) });
  }

  const packageManager = packageManagerOf(paths, await readRootPackageJson(snapshot));
  const modes = await frameworkModes(snapshot, paths);
  for (const entry of categories.frameworks ?? []) {
    const notes = modes.get(entry.key);
    if (notes) entry.notes = notes;
  }
  const scripts = await readScripts(snapshot, paths);
  for (const entry of categories.orm ?? []) {
    entry.notes = ormCommands(entry.key, { paths, packageManager, scripts });
  }
  const languages = Object.entries(result.languages)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name)
    .filter((name) => !["Markdown", "JSON", "YAML", "Text"].includes(name))
    .slice(0, 5);
  return {
    languages,
    packageManager,
    categories,
    scripts,
    workspaces: paths
      .filter((path) => path.endsWith("/package.json"))
      .map((path) => path.slice(0, -"/package.json".length))
      .sort(),
  };
}

async function readRootPackageJson(snapshot: RepoSnapshot): Promise<Record<string, unknown> | undefined> {
  const text = await snapshot.readFile("package.json");
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const MAX_SCRIPTS = 80;

async function readScripts(snapshot: RepoSnapshot, paths: string[]): Promise<TechStack["scripts"]> {
  const manifests = paths
    .filter((path) => path === "package.json" || path.endsWith("/package.json"))
    .sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
  const scripts: TechStack["scripts"] = [];
  for (const manifest of manifests) {
    if (scripts.length >= MAX_SCRIPTS) break;
    const text = await snapshot.readFile(manifest);
    let parsed: { scripts?: Record<string, unknown> };
    try {
      parsed = JSON.parse(text ?? "{}") as typeof parsed;
    } catch {
      continue;
    }
    for (const [name, command] of Object.entries(parsed.scripts ?? {})) {
      if (typeof command === "string") scripts.push({ manifest, name, command });
    }
  }
  if (paths.includes("Makefile")) {
    const text = (await snapshot.readFile("Makefile")) ?? "";
    for (const match of text.matchAll(/^([A-Za-z0-9_.-]+)\s*:(?!=)/gm)) {
      if (match[1] && !match[1].startsWith("."))
        scripts.push({ manifest: "Makefile", name: match[1], command: `make ${match[1]}` });
    }
  }
  return scripts.slice(0, MAX_SCRIPTS);
}

function cleanVersion(version: string): string {
  return version.replace(/^[\^~>=<\s]+/, "").split(/\s/)[0] ?? version;
}
