import { describe, expect, it } from "vitest";
import { issueSignals } from "../../src/context/issue-signals.js";
import { issueIsAbout, noiseKind } from "../../src/context/noise-files.js";
import { rankFiles } from "../../src/context/rank-files.js";

describe("noiseKind", () => {
  it("tells translations, templates, changelogs, tool configuration and docs from code", () => {
    expect(noiseKind("docs/zh-cn/Plugin.md")).toBe("translation");
    expect(noiseKind("README.ja.md")).toBe("translation");
    expect(noiseKind("src/locales/fr.json")).toBe("translation");
    expect(noiseKind(".github/ISSUE_TEMPLATE/bug_report.yml")).toBe("template");
    expect(noiseKind(".github/PULL_REQUEST_TEMPLATE.md")).toBe("template");
    expect(noiseKind("CHANGELOG.md")).toBe("changelog");
    expect(noiseKind("packages/core/tsconfig.build.json")).toBe("tool config");
    expect(noiseKind("karma.conf.cjs")).toBe("tool config");
    expect(noiseKind("docs/Plugin.md")).toBe("docs");
    expect(noiseKind("README.md")).toBe("docs");
    expect(noiseKind("tests/thirdparty/Fuzzer/FuzzerLoop.cpp")).toBe("vendored");
    expect(noiseKind("src/vendor/decNumber/decNumber.c")).toBe("vendored");
    expect(noiseKind("api/service.pb.go")).toBe("generated");
    expect(noiseKind("docs/javadoc/2.12/com/fasterxml/XmlMapper.html")).toBe("generated");
    expect(noiseKind("docs/content/manual/v1.6/manual.yml")).toBe("generated");
    expect(noiseKind("src/parser.c", "/* A Bison parser, made by GNU Bison 3.8.2.  */\n")).toBe("generated");
    expect(noiseKind("src/parser.c", "#include <stdio.h>\n")).toBeUndefined();
    expect(noiseKind("tests/SelfTest/Baselines/console.std.approved.txt")).toBe("test data");
    expect(noiseKind("src/index.d.ts")).toBeUndefined();
    expect(noiseKind("lib/application.js")).toBeUndefined();
  });

  it("knows when an issue is about such files", () => {
    expect(issueIsAbout("translation", "The Japanese translation of the plugin docs is outdated")).toBe(true);
    expect(issueIsAbout("tool config", "Build fails with the new tsconfig moduleResolution")).toBe(true);
    expect(issueIsAbout("changelog", "dayjs.extend breaks the plugin")).toBe(false);
    expect(issueIsAbout("generated", "The Bison grammar rejects a trailing comma")).toBe(true);
    expect(issueIsAbout("vendored", "Array indexing wraps twice")).toBe(false);
  });
});

describe("rankFiles with noise", () => {
  // The code says each of the issue's words once among much else; each translation says little but them.
  const code = `export function extend(plugin) {\n${"  const options = normalize(defaults);\n".repeat(30)}  plugin.install(dayjs);\n}\n`;
  const files = new Map([
    ["src/core/load.js", code],
    ["docs/zh-cn/Plugin.md", "# Plugin extend install\n插件 extend install plugin\n"],
    ["docs/ja/Plugin.md", "# Plugin extend install\nプラグイン extend install plugin\n"],
    ["tsconfig.json", '{ "compilerOptions": { "plugins": [{ "name": "extend" }] } }\n'],
  ]);
  const rank = (title: string, body = "") =>
    rankFiles(files, [...files.keys()], issueSignals(title, body), { mode: "full" }).map((file) => file.path);

  it("puts the code above translated docs and tool configuration that repeat the issue's words", () => {
    expect(rank("Plugin extend does not install the plugin")[0]).toBe("src/core/load.js");
  });

  it("does not demote a translation the issue is about, nor a file it names", () => {
    expect(rank("The Chinese translation of the plugin extend docs is wrong")[0]).toMatch(
      /^docs\/(zh-cn|ja)\//,
    );
    expect(rank("Plugin extend", "see tsconfig.json and the plugin extend")[0]).toBe("tsconfig.json");
  });
});
