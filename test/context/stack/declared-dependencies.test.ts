import { describe, expect, it } from "vitest";
import { declaredDependencies } from "../../../src/context/stack/declared-dependencies.js";
import { fixtureRepoFiles, memorySnapshot } from "../../helpers/memory-snapshot.js";

const declared = (files: Record<string, string>) =>
  declaredDependencies(memorySnapshot(files), Object.keys(files));

describe("declaredDependencies", () => {
  it("reads every dependency field of package.json and composer.json, versions without range operators", async () => {
    const found = await declared({
      "package.json": JSON.stringify({
        dependencies: { next: "^15.1.0", "@prisma/client": "~6.1.0" },
        devDependencies: { vitest: ">=3.0.0 <4" },
        peerDependencies: { react: "19.x" },
      }),
      "composer.json": JSON.stringify({
        require: { "laravel/framework": "^11.9" },
        "require-dev": { "phpunit/phpunit": "^11.0.1" },
      }),
    });
    expect(Object.fromEntries(found)).toEqual({
      next: "15.1.0",
      "@prisma/client": "6.1.0",
      vitest: "3.0.0",
      react: "19.x",
      "laravel/framework": "11.9",
      "phpunit/phpunit": "11.0.1",
    });
  });

  it("reads a Gemfile's gems with and without versions", async () => {
    const files = fixtureRepoFiles("rails-app");
    const found = await declaredDependencies(memorySnapshot(files), [...files.keys()]);
    expect(Object.fromEntries(found)).toEqual({
      rails: "7.2.1",
      pg: "1.5",
      devise: "4.9",
      pundit: "2.4",
      "turbo-rails": "",
      "rspec-rails": "7.0",
      capybara: "",
    });
  });

  it("reads requirements files with extras and lower-cases the names", async () => {
    const found = await declared({
      "requirements.txt": "Django==5.1.4\npsycopg[binary]==3.2.3\n# a comment\ncelery>=5.4,<6\nrequests\n",
      "requirements-dev.txt": "pytest~=8.3\n",
    });
    expect(Object.fromEntries(found)).toEqual({
      django: "5.1.4",
      psycopg: "3.2.3",
      celery: "5.4",
      requests: "",
      pytest: "8.3",
    });
  });

  it("reads PEP 621 and Poetry dependencies from pyproject.toml", async () => {
    const found = await declared({
      "pyproject.toml": [
        "[project]",
        'dependencies = ["fastapi>=0.115", "pydantic[email]==2.10.3"]',
        "",
        "[tool.poetry.dependencies]",
        'sqlalchemy = "^2.0.36"',
        'alembic = { version = "^1.14", optional = true }',
      ].join("\n"),
    });
    expect(found.get("fastapi")).toBe("0.115");
    expect(found.get("pydantic")).toBe("2.10.3");
    expect(found.get("sqlalchemy")).toBe("2.0.36");
    expect(found.get("alembic")).toBe("1.14");
  });

  it("reads go.mod requirements, single and in a block", async () => {
    const found = await declared({
      "go.mod": [
        "module github.com/acme/api",
        "",
        "go 1.22",
        "",
        "require github.com/labstack/echo/v4 v4.12.0",
        "",
        "require (",
        "\tgithub.com/jackc/pgx/v5 v5.7.1",
        "\tgolang.org/x/net v0.30.0 // indirect",
        ")",
      ].join("\n"),
    });
    expect(Object.fromEntries(found)).toEqual({
      "github.com/labstack/echo/v4": "v4.12.0",
      "github.com/jackc/pgx/v5": "v5.7.1",
      "golang.org/x/net": "v0.30.0",
    });
  });

  it("reads Cargo.toml dependencies written as a string or as a table", async () => {
    const found = await declared({
      "Cargo.toml":
        '[dependencies]\naxum = "0.7.9"\nserde = { version = "1.0.215", features = ["derive"] }\n',
    });
    expect(found.get("axum")).toBe("0.7.9");
    expect(found.get("serde")).toBe("1.0.215");
  });

  it("keeps the first version declared, but lets a later manifest fill in one declared without", async () => {
    const found = await declared({
      "package.json": JSON.stringify({ dependencies: { zod: "^3.24.1", react: "" } }),
      "apps/web/package.json": JSON.stringify({ dependencies: { zod: "^4.0.0", react: "^19.0.0" } }),
    });
    expect(found.get("zod")).toBe("3.24.1");
    expect(found.get("react")).toBe("19.0.0");
  });

  it("ignores a broken manifest, files that are not manifests and manifests it cannot read", async () => {
    const snapshot = memorySnapshot({
      "package.json": "{ broken",
      "notes/package.json.md": '{"dependencies":{"x":"1"}}',
    });
    const found = await declaredDependencies(snapshot, [
      "package.json",
      "notes/package.json.md",
      "gone/Gemfile",
    ]);
    expect(found.size).toBe(0);
  });
});
