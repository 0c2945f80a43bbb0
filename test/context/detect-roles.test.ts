import { describe, expect, it } from "vitest";
import { detectRoles, renderRoles, rolesOf } from "../../src/context/detect-roles.js";
import { TimeSlices } from "../../src/time-slices.js";
import { fixtureRepoFiles } from "../helpers/memory-snapshot.js";

const pathsOf = (repo: string) => [...fixtureRepoFiles(repo).keys()];

describe("detectRoles", () => {
  it("finds the same roles in slices as at once", async () => {
    for (const name of ["nextjs-prisma", "rails-app", "django-app", "monorepo"]) {
      const paths = [...fixtureRepoFiles(name).keys()];
      expect(await rolesOf(paths, new TimeSlices(0))).toEqual(detectRoles(paths));
    }
  });

  it("finds where a Next.js App Router repository keeps each kind of code, in a fixed order", () => {
    expect(detectRoles(pathsOf("nextjs-prisma"))).toEqual([
      { role: "server actions", paths: ["src/app/actions/"] },
      { role: "pages and layouts", paths: ["src/app/"] },
      { role: "components", paths: ["src/components/"] },
      { role: "models and schema", paths: ["prisma/schema.prisma"] },
      { role: "services and libraries", paths: ["src/lib/"] },
      { role: "end-to-end tests", paths: ["tests/e2e/"] },
      { role: "configuration", paths: ["vitest.config.ts"] },
    ]);
  });

  it("finds Rails' MVC folders, its routes file and RSpec's unit and system specs", () => {
    expect(detectRoles(pathsOf("rails-app"))).toEqual([
      { role: "controllers", paths: ["app/controllers/"] },
      { role: "URL routing", paths: ["config/routes.rb"] },
      { role: "templates", paths: ["app/views/"] },
      { role: "models and schema", paths: ["app/models/", "db/schema.rb"] },
      { role: "migrations", paths: ["db/migrate/"] },
      { role: "unit tests", paths: ["spec/models/", "spec/requests/"] },
      { role: "end-to-end tests", paths: ["spec/system/"] },
      { role: "configuration", paths: ["config/"] },
    ]);
  });

  it("finds Django's views, URL modules, models, migrations, templates and pytest files", () => {
    const roles = new Map(detectRoles(pathsOf("django-app")).map((entry) => [entry.role, entry.paths]));
    expect(roles.get("views")).toEqual(["billing/views.py"]);
    expect(roles.get("URL routing")).toEqual(["shop/urls.py", "billing/urls.py"]);
    expect(roles.get("models and schema")).toEqual(["billing/models.py"]);
    expect(roles.get("migrations")).toEqual(["billing/migrations/"]);
    expect(roles.get("templates")).toEqual(["billing/templates/"]);
    expect(roles.get("unit tests")).toEqual(["billing/tests/"]);
    expect(roles.get("configuration")).toEqual(["shop/settings.py"]);
  });

  it("lists the most populated folders first, and at most four", () => {
    const paths = [
      ...["a", "b", "c"].map((name) => `src/${name}.test.ts`),
      ...["e", "f"].map((name) => `core/${name}.test.ts`),
      "api/g.test.ts",
      "web/h.test.ts",
      "cli/i.test.ts",
    ];
    expect(detectRoles(paths)).toEqual([{ role: "unit tests", paths: ["src/", "core/", "api/", "cli/"] }]);
  });

  it("leaves out a folder inside one already listed", () => {
    const paths = ["src/a.test.ts", "src/b.test.ts", "src/forms/c.test.ts", "web/d.test.ts"];
    expect(detectRoles(paths)).toEqual([{ role: "unit tests", paths: ["src/", "web/"] }]);
  });

  it("reports a file at the root under ./", () => {
    expect(detectRoles(["globals.css", "src/app.module.scss", "src/app.scss"])).toEqual([
      { role: "styles", paths: ["src/", "./"] },
    ]);
  });

  it("counts a path once for a role when several of the role's rules match it", () => {
    expect(detectRoles(["src/actions/actions.ts"])).toEqual([
      { role: "server actions", paths: ["src/actions/"] },
    ]);
  });

  it("keeps end-to-end specs out of the unit tests", () => {
    expect(detectRoles(["e2e/login.spec.ts", "src/cart.spec.ts"])).toEqual([
      { role: "unit tests", paths: ["src/"] },
      { role: "end-to-end tests", paths: ["e2e/"] },
    ]);
  });

  it("finds nothing in a tree without conventional folders", () => {
    expect(detectRoles(["README.md", "main.c", "Makefile"])).toEqual([]);
  });
});

describe("renderRoles", () => {
  it("writes one line per role with its paths as code", () => {
    expect(
      renderRoles([
        { role: "components", paths: ["src/components/", "lib/ui/"] },
        { role: "models and schema", paths: ["prisma/schema.prisma"] },
      ]),
    ).toEqual(["components: `src/components/`, `lib/ui/`", "models and schema: `prisma/schema.prisma`"]);
  });
});
