import { describe, expect, it } from "vitest";
import { execPrefix, packageManagerOf, runScript } from "../../../src/context/stack/package-manager.js";

describe("packageManagerOf", () => {
  it("trusts the packageManager field of the root package.json over lockfiles", () => {
    expect(packageManagerOf(["package.json", "yarn.lock"], { packageManager: "pnpm@9.15.0" })).toBe("pnpm");
    expect(packageManagerOf(["package.json"], { packageManager: "bun@1.1.0" })).toBe("bun");
  });

  it("falls back to the lockfiles when the field names no manager it knows", () => {
    expect(packageManagerOf(["package.json", "yarn.lock"], { packageManager: "cnpm@9.0.0" })).toBe("yarn");
    expect(packageManagerOf(["package.json", "yarn.lock"], { packageManager: 9 })).toBe("yarn");
  });

  it.each([
    [["package.json", "pnpm-lock.yaml"], "pnpm"],
    [["package.json", "pnpm-workspace.yaml"], "pnpm"],
    [["package.json", "yarn.lock"], "yarn"],
    [["package.json", "bun.lock"], "bun"],
    [["package.json", "bun.lockb"], "bun"],
    [["package.json", "package-lock.json"], "npm"],
    [["package.json", "Gemfile"], "npm"],
    [["Gemfile", "Gemfile.lock"], "bundler"],
    [["pyproject.toml", "uv.lock", "poetry.lock"], "uv"],
    [["pyproject.toml", "poetry.lock"], "poetry"],
    [["Pipfile", "requirements.txt"], "pipenv"],
    [["requirements.txt"], "pip"],
    [["pyproject.toml"], "pip"],
    [["go.mod"], "go"],
    [["Cargo.toml"], "cargo"],
    [["composer.json"], "composer"],
    [["pom.xml"], "maven"],
    [["build.gradle.kts"], "gradle"],
  ])("reads %j as %s", (paths, manager) => {
    expect(packageManagerOf(paths)).toBe(manager);
  });

  it("finds no manager from files in subfolders only, or in a repository without manifests", () => {
    expect(packageManagerOf(["apps/web/package.json", "apps/web/yarn.lock"])).toBeNull();
    expect(packageManagerOf(["README.md"])).toBeNull();
  });
});

describe("execPrefix", () => {
  it.each([
    ["pnpm", "pnpm exec"],
    ["yarn", "yarn"],
    ["bun", "bunx"],
    ["bundler", "bundle exec"],
    ["poetry", "poetry run"],
    ["uv", "uv run"],
    ["pipenv", "pipenv run"],
    ["npm", "npx"],
    ["go", "npx"],
    [null, "npx"],
  ] as const)("runs a tool with %s as `%s`", (manager, prefix) => {
    expect(execPrefix(manager)).toBe(prefix);
  });
});

describe("runScript", () => {
  it.each([
    ["npm", "", "npm run db:migrate"],
    ["npm", "packages/db", "npm run db:migrate --prefix packages/db"],
    ["pnpm", "", "pnpm db:migrate"],
    ["pnpm", "packages/db", "pnpm --dir packages/db db:migrate"],
    ["yarn", "", "yarn db:migrate"],
    ["yarn", "packages/db", "yarn --cwd packages/db db:migrate"],
    ["bun", "", "bun run db:migrate"],
    ["bun", "packages/db", "bun run --cwd packages/db db:migrate"],
    [null, "", "npm run db:migrate"],
  ] as const)("runs a script with %s in %j as `%s`", (manager, dir, command) => {
    expect(runScript(manager, "db:migrate", dir)).toBe(command);
  });
});
