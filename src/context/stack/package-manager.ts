// The package manager a repository uses, from its lockfiles and manifests, and how it runs a tool.

export type PackageManager =
  | "npm"
  | "pnpm"
  | "yarn"
  | "bun"
  | "bundler"
  | "poetry"
  | "uv"
  | "pipenv"
  | "pip"
  | "go"
  | "cargo"
  | "composer"
  | "maven"
  | "gradle";

export function packageManagerOf(
  paths: string[],
  rootPackageJson?: Record<string, unknown>,
): PackageManager | null {
  const has = (name: string) => paths.includes(name);
  const declared =
    typeof rootPackageJson?.packageManager === "string"
      ? rootPackageJson.packageManager.split("@")[0]
      : undefined;
  if (declared === "pnpm" || declared === "yarn" || declared === "npm" || declared === "bun") return declared;
  if (has("pnpm-lock.yaml") || has("pnpm-workspace.yaml")) return "pnpm";
  if (has("yarn.lock")) return "yarn";
  if (has("bun.lockb") || has("bun.lock")) return "bun";
  if (has("package.json")) return "npm";
  if (has("Gemfile")) return "bundler";
  if (has("uv.lock")) return "uv";
  if (has("poetry.lock")) return "poetry";
  if (has("Pipfile")) return "pipenv";
  if (has("requirements.txt") || has("pyproject.toml")) return "pip";
  if (has("go.mod")) return "go";
  if (has("Cargo.toml")) return "cargo";
  if (has("composer.json")) return "composer";
  if (has("pom.xml")) return "maven";
  if (has("build.gradle") || has("build.gradle.kts")) return "gradle";
  return null;
}

/** How to run a package's binary with this package manager (`npx prisma`, `pnpm exec prisma`...). */
export function execPrefix(manager: PackageManager | null): string {
  switch (manager) {
    case "pnpm":
      return "pnpm exec";
    case "yarn":
      return "yarn";
    case "bun":
      return "bunx";
    case "bundler":
      return "bundle exec";
    case "poetry":
      return "poetry run";
    case "uv":
      return "uv run";
    case "pipenv":
      return "pipenv run";
    default:
      return "npx";
  }
}

/** How to run a package.json script, from the repository root; `dir` is the folder of a workspace package. */
export function runScript(manager: PackageManager | null, script: string, dir = ""): string {
  if (manager === "pnpm") return dir ? `pnpm --dir ${dir} ${script}` : `pnpm ${script}`;
  if (manager === "yarn") return dir ? `yarn --cwd ${dir} ${script}` : `yarn ${script}`;
  if (manager === "bun") return dir ? `bun run --cwd ${dir} ${script}` : `bun run ${script}`;
  return dir ? `npm run ${script} --prefix ${dir}` : `npm run ${script}`;
}
