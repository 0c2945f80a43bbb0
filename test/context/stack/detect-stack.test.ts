import { describe, expect, it } from "vitest";
import { detectStack } from "../../../src/context/stack/detect-stack.js";
import { fixtureRepoFiles, memorySnapshot } from "../../helpers/memory-snapshot.js";

const stackOf = (repo: string) => detectStack(memorySnapshot(fixtureRepoFiles(repo)));

describe("detectStack", () => {
  it("reads a Next.js App Router app with Prisma: versions, router mode, schema and migration scripts", async () => {
    const stack = await stackOf("nextjs-prisma");
    expect(stack.packageManager).toBe("npm");
    expect(stack.languages[0]).toBe("TypeScript");
    expect(stack.categories.frameworks).toEqual(
      expect.arrayContaining([
        { key: "nextjs", name: "Next.js", version: "15.1.0", notes: ["App Router", "uses Server Actions"] },
      ]),
    );
    expect(stack.categories.orm).toEqual([
      {
        key: "prisma",
        name: "Prisma",
        version: "6.1.0",
        notes: ["schema: `prisma/schema.prisma`", "commands: `npm run db:migrate`, `npm run db:generate`"],
      },
    ]);
    expect(stack.categories.e2eTests).toEqual([{ key: "playwright", name: "Playwright", version: "1.50.0" }]);
    expect(stack.categories.dataFetching).toEqual(
      expect.arrayContaining([{ key: "swr", name: "SWR", version: "2.3.0" }]),
    );
    expect(stack.scripts).toContainEqual({
      manifest: "package.json",
      name: "test:e2e",
      command: "playwright test",
    });
    expect(stack.workspaces).toEqual([]);
  });

  it("reads Rails from the Gemfile: versions without their operators, ActiveRecord, RSpec and Capybara", async () => {
    const stack = await stackOf("rails-app");
    expect(stack.packageManager).toBe("bundler");
    expect(stack.languages[0]).toBe("Ruby");
    expect(stack.categories.frameworks).toEqual(
      expect.arrayContaining([
        { key: "rails", name: "Rails", version: "7.2.1", notes: ["full-stack MVC with views"] },
        { key: "hotwire", name: "Hotwire (Turbo)" },
      ]),
    );
    expect(stack.categories.orm).toEqual([
      {
        key: "activerecord",
        name: "ActiveRecord",
        version: "7.2.1",
        notes: [
          "schema: `app/models/application_record.rb`, `db/schema.rb`",
          "commands: `bin/rails generate migration <Name>`, `bin/rails db:migrate`",
        ],
      },
    ]);
    expect(stack.categories.auth).toEqual(
      expect.arrayContaining([
        { key: "devise", name: "Devise", version: "4.9" },
        { key: "pundit", name: "Pundit", version: "2.4" },
      ]),
    );
    expect(stack.categories.unitTests).toContainEqual({ key: "rspec", name: "RSpec", version: "7.0" });
    expect(stack.categories.e2eTests).toContainEqual({ key: "capybara", name: "Capybara" });
  });

  it("reads Django from requirements.txt with its apps and the manage.py migration commands", async () => {
    const stack = await stackOf("django-app");
    expect(stack.packageManager).toBe("pip");
    expect(stack.languages[0]).toBe("Python");
    expect(stack.categories.frameworks).toEqual(
      expect.arrayContaining([
        { key: "django", name: "Django", version: "5.1.4", notes: ["apps: billing"] },
        { key: "djangorestframework", name: "Django REST framework", version: "3.15.2" },
      ]),
    );
    expect(stack.categories.orm).toContainEqual({
      key: "django-orm",
      name: "Django ORM",
      version: "5.1.4",
      notes: [
        "schema: `billing/models.py`",
        "commands: `python manage.py makemigrations`, `python manage.py migrate`",
      ],
    });
    expect(stack.categories.unitTests).toEqual(
      expect.arrayContaining([
        { key: "pytest", name: "pytest", version: "8.3.4" },
        { key: "pytest-django", name: "pytest-django", version: "4.9.0" },
      ]),
    );
  });

  it("reads a pnpm monorepo: the declared package manager, the workspaces and each package's scripts", async () => {
    const stack = await stackOf("monorepo");
    expect(stack.packageManager).toBe("pnpm");
    expect(stack.workspaces).toEqual(["apps/api", "apps/web", "packages/db", "packages/ui"]);
    expect(stack.categories.frameworks).toEqual(
      expect.arrayContaining([
        {
          key: "nestjs",
          name: "NestJS",
          version: "10.4.15",
          notes: ["modules with controllers and providers"],
        },
      ]),
    );
    expect(stack.categories.orm).toEqual([
      expect.objectContaining({
        key: "drizzleorm",
        version: "0.38.3",
        notes: expect.arrayContaining([
          "commands: `pnpm --dir packages/db db:generate`, `pnpm --dir packages/db db:migrate`",
        ]),
      }),
    ]);
    expect(stack.categories.dataFetching).toContainEqual({
      key: "react-query",
      name: "TanStack Query",
      version: "5.62.0",
    });
    // The root's scripts come first, then the packages' by depth and name.
    expect(stack.scripts.map((script) => script.manifest)).toEqual([
      "package.json",
      "package.json",
      "package.json",
      "apps/api/package.json",
      "apps/api/package.json",
      "apps/web/package.json",
      "apps/web/package.json",
      "packages/db/package.json",
      "packages/db/package.json",
    ]);
  });

  it("turns Makefile targets into scripts, leaving out special targets and variables", async () => {
    const stack = await detectStack(
      memorySnapshot({
        "go.mod": "module github.com/acme/api\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n",
        "main.go":
          'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() { gin.Default().Run() }\n',
        "main_test.go": "package main\n",
        Makefile: ".PHONY: test\nGOFLAGS := -mod=mod\ntest:\n\tgo test ./...\nbuild: test\n\tgo build\n",
      }),
    );
    expect(stack.packageManager).toBe("go");
    expect(stack.scripts).toEqual([
      { manifest: "Makefile", name: "test", command: "make test" },
      { manifest: "Makefile", name: "build", command: "make build" },
    ]);
    expect(stack.categories.frameworks).toContainEqual({ key: "gin", name: "Gin", version: "v1.10.0" });
    expect(stack.categories.unitTests).toContainEqual({ key: "go-test", name: "go test" });
  });

  it("says nothing it does not know about a repository without manifests, and survives a broken package.json", async () => {
    const empty = await detectStack(memorySnapshot({ "README.md": "# notes\n", "notes.txt": "todo\n" }));
    expect(empty).toEqual({
      languages: [],
      packageManager: null,
      categories: {},
      scripts: [],
      workspaces: [],
    });
    const broken = await detectStack(
      memorySnapshot({ "package.json": "{ not json", "index.js": "console.log(1);\n" }),
    );
    expect(broken.packageManager).toBe("npm");
    expect(broken.scripts).toEqual([]);
  });
});

describe("detectStack on what the repository ships", () => {
  it("names the product's framework and not those of its fixtures, examples, docs site or test apps", async () => {
    const nextApp = JSON.stringify({ dependencies: { next: "15.1.0", react: "19.0.0" } });
    const stack = await detectStack(
      memorySnapshot({
        "package.json": JSON.stringify({
          name: "my-github-app",
          dependencies: { probot: "14.3.2" },
          devDependencies: { vitest: "4.1.12" },
        }),
        "src/index.ts": "export default (app) => app.on('issues.opened', () => {});\n",
        "test/fixtures/repos/web/package.json": nextApp,
        "examples/rails-demo/Gemfile": "source 'https://rubygems.org'\ngem 'rails', '7.1.0'\n",
        "docs/package.json": JSON.stringify({
          dependencies: { "@docusaurus/core": "3.0.0", react: "18.0.0" },
        }),
        "test/app/package.json": nextApp,
        "test/setup.ts": "export {};\n",
      }),
    );
    const frameworks = (stack.categories.frameworks ?? []).map((entry) => entry.name);
    expect(frameworks).toEqual(["Probot"]);
    expect(stack.categories.frameworks?.[0]?.version).toBe("14.3.2");
    expect(stack.categories.unitTests?.map((entry) => entry.name)).toEqual(["Vitest"]);
    expect(stack.workspaces).toEqual([]);
  });

  it("reads the stack from the first 200 manifests of a monorepo of thousands of packages", async () => {
    const manifest = (name: string, dependencies: Record<string, string>) =>
      JSON.stringify({ name, dependencies });
    const files: Record<string, string> = {};
    for (let at = 0; at < 250; at += 1) {
      const name = `packages/p${String(at).padStart(3, "0")}`;
      files[`${name}/package.json`] = manifest(name, { "left-pad": "1.3.0" });
      files[`${name}/index.ts`] = "export {};\n";
    }
    files["packages/p005/package.json"] = manifest("p005", { express: "4.21.0" });
    files["packages/p240/package.json"] = manifest("p240", { stripe: "17.0.0" });
    const stack = await detectStack(memorySnapshot(files));
    expect(stack.categories.frameworks).toEqual([{ key: "express", name: "Express", version: "4.21.0" }]);
    expect(stack.categories.payments).toBeUndefined();
    // The packages are all listed still.
    expect(stack.workspaces).toHaveLength(250);
  });
});
