// The mode a framework runs in, which decides the patterns a plan must follow (App vs Pages Router, API-only
// Rails...), read from the file layout and a few configuration files.
import type { RepoSnapshot } from "../../repo/repo-snapshot.js";

export async function frameworkModes(
  snapshot: RepoSnapshot,
  paths: string[],
): Promise<Map<string, string[]>> {
  const modes = new Map<string, string[]>();
  const has = (pattern: RegExp) => paths.some((path) => pattern.test(path));

  const appRouter = has(/(^|\/)(src\/)?app\/(.+\/)?(page|layout|route)\.(t|j)sx?$/);
  const pagesRouter = has(/(^|\/)(src\/)?pages\/.+\.(t|j)sx?$/);
  if (appRouter || pagesRouter) {
    const notes = [
      appRouter && pagesRouter ? "App Router and Pages Router" : appRouter ? "App Router" : "Pages Router",
    ];
    if (
      appRouter &&
      (await anyFileContains(snapshot, paths, /\.(t|j)sx?$/, /^\s*["']use server["']/m, 400))
    ) {
      notes.push("uses Server Actions");
    }
    modes.set("nextjs", notes);
  }
  if (has(/^app\/routes\//)) modes.set("remixrun", ["file-based routes in app/routes/"]);
  if (has(/(^|\/)src\/routes\/.*\+page\.svelte$/))
    modes.set("sveltekit", ["file-based routes in src/routes/ (+page.svelte, +page.server.ts)"]);
  if (paths.includes("config/application.rb")) {
    const text = (await snapshot.readFile("config/application.rb")) ?? "";
    modes.set("rails", [
      /config\.api_only\s*=\s*true/.test(text) ? "API-only application" : "full-stack MVC with views",
    ]);
  }
  if (paths.includes("manage.py")) {
    const apps = paths
      .filter((path) => path.endsWith("/apps.py"))
      .map((path) => path.slice(0, -"/apps.py".length));
    if (apps.length > 0) modes.set("django", [`apps: ${apps.slice(0, 12).join(", ")}`]);
  }
  if (has(/\.module\.ts$/) && has(/\.controller\.ts$/))
    modes.set("nestjs", ["modules with controllers and providers"]);
  return modes;
}

async function anyFileContains(
  snapshot: RepoSnapshot,
  paths: string[],
  file: RegExp,
  content: RegExp,
  maxFiles: number,
): Promise<boolean> {
  // Server Actions live in files starting with "use server"; check the likely ones first.
  const candidates = paths
    .filter((path) => file.test(path))
    .sort((a, b) => Number(/action/i.test(b)) - Number(/action/i.test(a)))
    .slice(0, maxFiles);
  for (const path of candidates) {
    const text = await snapshot.readFile(path);
    if (text && content.test(text.slice(0, 500))) return true;
  }
  return false;
}
