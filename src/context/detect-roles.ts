// Directory roles: where this repository keeps its server actions, API routes, components, models,
// migrations, tests and configuration, as "role: path" lines taken from the real tree.
import { runAtOnce, runSliced, type TimeSlices } from "../time-slices.js";
import { notProductFolder } from "./product-files.js";

export interface DirectoryRole {
  role: string;
  /** Folders (ending in "/") or files, most populated first. */
  paths: string[];
}

interface RoleRule {
  role: string;
  /** Matches a file path; the folder reported is the match's first group, or the file's folder. */
  pattern: RegExp;
  /** Report the file itself rather than its folder. */
  file?: boolean;
}

const RULES: RoleRule[] = [
  { role: "server actions", pattern: /^((?:.*\/)?(?:actions|server-actions)\/)[^/]+\.(t|j)sx?$/ },
  { role: "server actions", pattern: /^(.*\/)?actions\.(t|j)s$/, file: true },
  { role: "API routes", pattern: /^((?:.*\/)?app\/api\/)(?:.+\/)?route\.(t|j)s$/ },
  { role: "API routes", pattern: /^((?:.*\/)?pages\/api\/)/ },
  { role: "API routes", pattern: /^((?:.*\/)?src\/routes\/api\/)/ },
  { role: "API routes", pattern: /^((?:.*\/)?server\/api\/)/ },
  { role: "API routes", pattern: /^(.*\/)?[^/]+\.controller\.ts$/ },
  { role: "controllers", pattern: /^(app\/controllers\/)/ },
  { role: "controllers", pattern: /^(app\/Http\/Controllers\/)/ },
  { role: "controllers", pattern: /^((?:.*\/)?controllers?\/)[^/]+\.(t|j)s$/ },
  { role: "views", pattern: /^(.*\/)?views\.py$/, file: true },
  { role: "URL routing", pattern: /^(.*\/)?urls\.py$/, file: true },
  { role: "URL routing", pattern: /^config\/routes\.rb$/, file: true },
  { role: "URL routing", pattern: /^routes\/(web|api)\.php$/, file: true },
  { role: "pages and layouts", pattern: /^((?:.*\/)?app\/)(?:.+\/)?(page|layout)\.(t|j)sx?$/ },
  { role: "pages and layouts", pattern: /^((?:.*\/)?pages\/)(?!api\/).+\.(t|j)sx?$/ },
  { role: "pages and layouts", pattern: /^((?:.*\/)?src\/routes\/).*\+page\.svelte$/ },
  { role: "pages and layouts", pattern: /^((?:.*\/)?app\/routes\/)/ },
  { role: "templates", pattern: /^(app\/views\/)/ },
  { role: "templates", pattern: /^((?:.*\/)?templates\/).+\.html$/ },
  { role: "templates", pattern: /^(resources\/views\/)/ },
  { role: "components", pattern: /^((?:.*\/)?components\/).+\.((t|j)sx?|vue|svelte)$/ },
  { role: "hooks", pattern: /^((?:.*\/)?hooks\/)use[A-Z][^/]*\.(t|j)sx?$/ },
  { role: "models and schema", pattern: /^(.*\/)?schema\.prisma$/, file: true },
  { role: "models and schema", pattern: /^(.*\/)?prisma\/schema\/.+\.prisma$/ },
  { role: "models and schema", pattern: /^(.*\/)?(db\/)?schema\.ts$/, file: true },
  { role: "models and schema", pattern: /^(app\/models\/)/ },
  { role: "models and schema", pattern: /^(app\/Models\/)/ },
  { role: "models and schema", pattern: /^(.*\/)?models\.py$/, file: true },
  { role: "models and schema", pattern: /^(.*\/)?[^/]+\.entity\.ts$/ },
  { role: "models and schema", pattern: /^db\/schema\.rb$/, file: true },
  { role: "migrations", pattern: /^((?:.*\/)?prisma\/migrations\/)/ },
  { role: "migrations", pattern: /^(db\/migrate\/)/ },
  { role: "migrations", pattern: /^((?:.*\/)?migrations\/)/ },
  { role: "migrations", pattern: /^((?:.*\/)?drizzle\/)[^/]+\.sql$/ },
  { role: "migrations", pattern: /^(database\/migrations\/)/ },
  { role: "migrations", pattern: /^((?:.*\/)?alembic\/versions\/)/ },
  { role: "services and libraries", pattern: /^((?:.*\/)?(lib|services|server|utils)\/)[^/]+\.(t|j)sx?$/ },
  { role: "services and libraries", pattern: /^(app\/(services|policies|jobs)\/)/ },
  {
    role: "unit tests",
    pattern: /^(?!(?:.*\/)?(?:e2e|playwright|cypress)\/)(.*\/)?[^/]+\.(test|spec)\.(t|j)sx?$/,
  },
  { role: "unit tests", pattern: /^((?:.*\/)?__tests__\/)/ },
  { role: "unit tests", pattern: /^(spec\/(models|requests|controllers|services|policies)\/)/ },
  { role: "unit tests", pattern: /^(test\/(models|controllers|integration)\/)/ },
  { role: "unit tests", pattern: /^((?:.*\/)?tests?\/)test_[^/]+\.py$/ },
  { role: "unit tests", pattern: /^(.*\/)?tests?\.py$/, file: true },
  { role: "unit tests", pattern: /^(.*\/)?[^/]+_test\.go$/ },
  { role: "end-to-end tests", pattern: /^((?:.*\/)?(e2e|playwright|cypress)\/)/ },
  { role: "end-to-end tests", pattern: /^(spec\/(system|features)\/)/ },
  { role: "end-to-end tests", pattern: /^(test\/system\/)/ },
  { role: "styles", pattern: /^(.*\/)?[^/]+\.(css|scss)$/ },
  {
    role: "configuration",
    pattern:
      /^(.*\/)?(next|vite|nuxt|svelte|astro|tailwind|postcss|drizzle|vitest|jest|playwright)\.config\.(t|j|mj|cj)s$/,
    file: true,
  },
  { role: "configuration", pattern: /^(.*\/)?settings\.py$/, file: true },
  { role: "configuration", pattern: /^(config\/)[^/]+\.(rb|yml)$/ },
  { role: "configuration", pattern: /^(.*\/)?\.env\.(example|sample|template)$/, file: true },
];

const MAX_PATHS_PER_ROLE = 4;

/** Roles of the product's folders; examples and fixtures are listed apart, named as such. */
export function detectRoles(paths: string[]): DirectoryRole[] {
  return runAtOnce(finding(paths));
}

/** The same roles, found in slices that hand the event loop back between them (time-slices.ts). */
export function rolesOf(paths: string[], slices: TimeSlices): Promise<DirectoryRole[]> {
  return runSliced(finding(paths), slices);
}

/** Finds the roles one path per step. */
function* finding(paths: string[]): Generator<void, DirectoryRole[]> {
  const counts = new Map<string, Map<string, number>>();
  const apart = new Map<string, number>();
  for (const path of paths) {
    yield;
    const outside = notProductFolder(path);
    if (outside) {
      apart.set(outside, (apart.get(outside) ?? 0) + 1);
      continue;
    }
    const matched = new Set<string>();
    for (const rule of RULES) {
      if (matched.has(rule.role)) continue;
      const match = rule.pattern.exec(path);
      if (!match) continue;
      matched.add(rule.role);
      const target = rule.file
        ? path
        : (match.slice(1).find((group) => group?.endsWith("/")) ?? folderOf(path));
      const forRole = counts.get(rule.role) ?? new Map<string, number>();
      forRole.set(target, (forRole.get(target) ?? 0) + 1);
      counts.set(rule.role, forRole);
    }
  }
  const roles: DirectoryRole[] = [];
  for (const role of [...new Set(RULES.map((rule) => rule.role))]) {
    const found = counts.get(role);
    if (!found) continue;
    const ranked = byCount(found);
    roles.push({ role, paths: collapse(ranked).slice(0, MAX_PATHS_PER_ROLE) });
  }
  if (apart.size > 0)
    roles.push({ role: NOT_PRODUCT_ROLE, paths: collapse(byCount(apart)).slice(0, MAX_PATHS_PER_ROLE) });
  return roles;
}

/** Folders that are not the product: plans must not take their code for the product's. */
const NOT_PRODUCT_ROLE = "examples, fixtures and docs sites (not the product)";

function byCount(found: Map<string, number>): string[] {
  return [...found.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))
    .map(([path]) => path);
}

/** Drops folders already covered by a listed ancestor. */
function collapse(paths: string[]): string[] {
  const kept: string[] = [];
  for (const path of paths) {
    if (!kept.some((ancestor) => ancestor.endsWith("/") && path.startsWith(ancestor) && path !== ancestor))
      kept.push(path);
  }
  return kept;
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "./" : path.slice(0, slash + 1);
}

export function renderRoles(roles: DirectoryRole[]): string[] {
  return roles.map((entry) => `${entry.role}: ${entry.paths.map((path) => `\`${path}\``).join(", ")}`);
}
