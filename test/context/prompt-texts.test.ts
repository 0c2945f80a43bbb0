import { describe, expect, it } from "vitest";
import { PromptTexts } from "../../src/context/prompt-texts.js";

const SECRET = "hunter2-correct-horse";

function texts() {
  const redacted: string[] = [];
  const shared = new Map<string, string>();
  const prompt = new PromptTexts(
    new Map([
      ["src/db.ts", `const password = "${SECRET}";\nexport function connect() {}\n`],
      ["src/other.ts", "export const x = 1;\n"],
    ]),
    (path, text) => {
      redacted.push(path);
      return text.replaceAll(SECRET, "[REDACTED]");
    },
    shared,
  );
  return { prompt, redacted, shared };
}

describe("PromptTexts", () => {
  it("never returns an indexed file unredacted, and redacts it once, when first asked", () => {
    const { prompt, redacted, shared } = texts();
    expect(redacted).toEqual([]);
    expect(prompt.get("src/db.ts")).toContain("[REDACTED]");
    expect(prompt.get("src/db.ts")).not.toContain(SECRET);
    expect(redacted).toEqual(["src/db.ts"]);
    // Kept with the commit: the next issue's texts find it redacted already.
    expect(shared.get("src/db.ts")).not.toContain(SECRET);
  });

  it("knows every indexed or read file without redacting it", () => {
    const { prompt, redacted } = texts();
    prompt.set("README.md", "read for this issue, redacted by the snapshot");
    expect(prompt.has("src/other.ts")).toBe(true);
    expect(prompt.has("README.md")).toBe(true);
    expect(prompt.has("missing.ts")).toBe(false);
    expect(prompt.get("missing.ts")).toBeUndefined();
    expect(prompt.get("README.md")).toBe("read for this issue, redacted by the snapshot");
    expect(redacted).toEqual([]);
  });
});
