import { describe, expect, it } from "vitest";
import {
  buildImportGraph,
  edgesOf,
  fileImports,
  graphOfEdges,
  type ImportGraph,
  linkImports,
} from "../../src/context/import-graph.js";
import { fixtureRepoFiles } from "../helpers/memory-snapshot.js";

const graphOf = (files: Map<string, string>) => buildImportGraph(files, [...files.keys()]);
const importsOf = (files: Map<string, string>, path: string) =>
  [...(graphOf(files).imports.get(path) ?? [])].sort();

describe("buildImportGraph", () => {
  it("resolves relative specifiers with and without extensions, folders to their index, and .js to .ts sources", () => {
    const files = new Map([
      [
        "src/app.ts",
        [
          'import { a } from "./a";',
          'import b from "./lib/b.js";',
          'export { c } from "./c/index.js";',
          'import * as d from "./d";',
          'const e = await import("../scripts/e.mjs");',
          'const f = require("./f");',
          'import "./styles.css";',
        ].join("\n"),
      ],
      ["src/a.tsx", ""],
      ["src/lib/b.ts", ""],
      ["src/c/index.ts", ""],
      ["src/d/index.tsx", ""],
      ["scripts/e.mjs", ""],
      ["src/f.cjs", ""],
    ]);
    expect(importsOf(files, "src/app.ts")).toEqual([
      "scripts/e.mjs",
      "src/a.tsx",
      "src/c/index.ts",
      "src/d/index.tsx",
      "src/f.cjs",
      "src/lib/b.ts",
    ]);
  });

  it("resolves the `@/` alias under the source folder of a Next.js app", () => {
    const files = fixtureRepoFiles("nextjs-prisma");
    expect(importsOf(files, "src/app/invoices/page.tsx")).toEqual([
      "src/components/InvoiceTable.tsx",
      "src/lib/auth.ts",
      "src/lib/db.ts",
    ]);
    // Registry packages (next/cache, zod) are not part of the graph.
    expect(importsOf(files, "src/app/actions/invoices.ts")).toEqual(["src/lib/auth.ts", "src/lib/db.ts"]);
  });

  it("resolves `~/` against the package the importing file belongs to", () => {
    const files = new Map([
      ["apps/site/package.json", '{"name":"site"}'],
      ["apps/site/app/pages/index.vue", 'import Card from "~/components/Card.vue";'],
      ["apps/site/components/Card.vue", "<template />"],
      ["components/Card.vue", "<template />"],
    ]);
    expect(importsOf(files, "apps/site/app/pages/index.vue")).toEqual(["apps/site/components/Card.vue"]);
  });

  it("follows imports of workspace packages to their source, and records who imports whom", () => {
    const files = fixtureRepoFiles("monorepo");
    const graph = graphOf(files);
    expect([...(graph.imports.get("apps/api/src/users/users.controller.ts") ?? [])]).toEqual([
      "packages/db/src/index.ts",
    ]);
    expect([...(graph.imports.get("apps/web/src/app/settings/settings-form.tsx") ?? [])]).toEqual([
      "packages/ui/src/index.tsx",
    ]);
    expect([...(graph.importedBy.get("packages/db/src/index.ts") ?? [])]).toEqual([
      "apps/api/src/users/users.controller.ts",
    ]);
    expect([...(graph.importedBy.get("apps/api/src/users/users.controller.ts") ?? [])].sort()).toEqual([
      "apps/api/src/users/users.controller.spec.ts",
      "apps/api/src/users/users.module.ts",
    ]);
  });

  it("follows a workspace package's subpath import", () => {
    const files = new Map([
      ["packages/db/package.json", '{"name":"@acme/db"}'],
      ["packages/db/src/schema/users.ts", ""],
      ["apps/api/main.ts", 'import { users } from "@acme/db/schema/users";'],
    ]);
    expect(importsOf(files, "apps/api/main.ts")).toEqual(["packages/db/src/schema/users.ts"]);
  });

  it("resolves Python imports, relative and absolute, to modules rather than package __init__ files", () => {
    const files = fixtureRepoFiles("django-app");
    expect(importsOf(files, "billing/views.py")).toEqual(["billing/models.py"]);
    expect(importsOf(files, "billing/urls.py")).toEqual(["billing/views.py"]);
    const absolute = new Map([
      ["shop/billing/__init__.py", ""],
      ["shop/billing/models.py", ""],
      ["shop/jobs.py", "import shop.billing\nfrom shop.billing import models\nfrom ..util import slugify\n"],
      ["util.py", ""],
      ["shop/deep/task.py", "from ..jobs import run\n"],
    ]);
    expect(importsOf(absolute, "shop/jobs.py")).toEqual([
      "shop/billing/__init__.py",
      "shop/billing/models.py",
      "util.py",
    ]);
    expect(importsOf(absolute, "shop/deep/task.py")).toEqual(["shop/jobs.py"]);
  });

  it("leaves out imports that resolve to nothing and a file importing itself", () => {
    const files = new Map([
      ["src/index.ts", 'import "./index";\nimport x from "./missing";\nimport React from "react";\n'],
      ["package.json", '{"name":"root"}'],
    ]);
    const graph = graphOf(files);
    expect(graph.imports.size).toBe(0);
    expect(graph.importedBy.size).toBe(0);
  });

  it("survives a broken package.json", () => {
    const files = new Map([
      ["packages/a/package.json", "{ not json"],
      ["packages/a/src/index.ts", ""],
      ["src/main.ts", 'import a from "a";\nimport { b } from "./b";\n'],
      ["src/b.ts", ""],
    ]);
    expect(importsOf(files, "src/main.ts")).toEqual(["src/b.ts"]);
  });
});

describe("fileImports on crafted text", () => {
  it("reads a keyword repeated without quotes, or a long run of blank lines, in one pass", () => {
    // Each scanned to the end of the text again for every occurrence before: 23 s for 512 KB of `import x `, and
    // minutes for 500,000 line ends in a Python file (over the tests' time limit either way).
    const tail = 'import { y } from "./y";\nexport { z } from "./z";';
    // The real clauses come first: after them, nothing ends the scans.
    expect(fileImports("a.ts", `${tail}\n${"import x ".repeat(57_000)}`)).toEqual({ js: ["./y", "./z"] });
    expect(fileImports("b.ts", `${tail}\n${"export x ".repeat(57_000)}`)).toEqual({ js: ["./y", "./z"] });
    expect(fileImports("c.py", `from .d import e\n${"\n".repeat(500_000)}x`)).toEqual({
      py: [{ module: ".d", names: ["e"] }],
    });
  });

  it("still finds clauses over several lines, indented Python imports and files with CRLF line ends", () => {
    const clause = 'import {\n  a,\n  b as c,\n} from "./ab";\nexport * as all from "../all";';
    expect(fileImports("a.ts", clause)).toEqual({ js: ["./ab", "../all"] });
    expect(fileImports("a.py", "def f():\r\n    import json\r\n\tfrom pkg.sub import x, y\r\n")).toEqual({
      py: [
        { module: "json", names: [""] },
        { module: "pkg.sub", names: ["x", "y"] },
      ],
    });
  });
});

describe("imports read apart from their resolution (the index thread's way)", () => {
  const files = new Map([
    ...fixtureRepoFiles("nextjs-prisma"),
    ["packages/ui/package.json", '{ "name": "@acme/ui" }'],
    ["packages/ui/src/index.ts", 'export * from "./button";'],
    ["packages/ui/src/button.tsx", ""],
    ["src/lib/uses-ui.ts", 'import { Button } from "@acme/ui";'],
    ["tools/report.py", "from tools import totals"],
    ["tools/totals.py", ""],
  ]);
  const listed = [...files.keys(), "public/logo.png"];
  const inOrder = (graph: ImportGraph) =>
    [graph.imports, graph.importedBy].map((map) => [...map].map(([path, set]) => [path, [...set]]));

  it("links what fileImports read into the graph buildImportGraph builds from the texts, in the same order", () => {
    const read = new Map([...files].map(([path, text]) => [path, fileImports(path, text)]));
    expect(read.get("packages/ui/package.json")).toEqual({ packageName: "@acme/ui" });
    expect(read.get("tools/report.py")).toEqual({ py: [{ module: "tools", names: ["totals"] }] });
    expect(inOrder(linkImports(read, listed))).toEqual(inOrder(buildImportGraph(files, listed)));
  });

  it("hands a graph over as edges between listed positions and gets the same maps back", () => {
    const graph = buildImportGraph(files, listed);
    const edges = edgesOf(graph, listed);
    expect(edges?.length).toBe(2 * [...graph.imports.values()].reduce((sum, set) => sum + set.size, 0));
    expect(inOrder(graphOfEdges(edges as Int32Array, listed))).toEqual(inOrder(graph));
    // A graph's file missing from the listing cannot be handed over.
    expect(
      edgesOf(
        graph,
        listed.filter((path) => path !== "src/lib/uses-ui.ts"),
      ),
    ).toBeUndefined();
  });
});
