import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GitBlobReader } from "../../src/repo/git-blob-reader.js";

/** A bare repository with one commit holding `files`; returns its git directory and the commit. */
function commitFiles(files: Record<string, string>): { gitDir: string; commit: string } {
  const gitDir = join(mkdtempSync(join(tmpdir(), "blob-reader-")), "repo.git");
  const env = {
    ...process.env,
    GIT_DIR: gitDir,
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
  };
  const git = (args: string[], input?: string) =>
    execFileSync("git", args, { env, input, encoding: "utf8" }).trim();
  git(["init", "--quiet", "--bare", gitDir]);
  const index = join(gitDir, "scratch-index");
  for (const [path, body] of Object.entries(files)) {
    const blob = git(["hash-object", "-w", "--stdin"], body);
    execFileSync("git", ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], {
      env: { ...env, GIT_INDEX_FILE: index },
    });
  }
  const tree = execFileSync("git", ["write-tree"], {
    env: { ...env, GIT_INDEX_FILE: index },
    encoding: "utf8",
  }).trim();
  const commit = git(["commit-tree", tree, "-m", "fixture"]);
  return { gitDir, commit };
}

const repo = commitFiles({
  "package.json": '{"name":"web"}\n',
  "src/app.ts": "export const greeting = 'grüße 👋';\n",
  "src/empty.ts": "",
  "docs/big.md": "line of documentation\n".repeat(20_000),
});
const readers: GitBlobReader[] = [];
const reader = () => {
  const created = new GitBlobReader(["--git-dir", repo.gitDir]);
  readers.push(created);
  return created;
};

afterAll(() => {
  for (const created of readers) created.close();
  rmSync(join(repo.gitDir, ".."), { recursive: true, force: true });
});

describe("GitBlobReader", () => {
  it("reads a file's text at a commit, multi-byte characters included", async () => {
    const blobs = reader();
    expect(await blobs.read(repo.commit, "src/app.ts")).toBe("export const greeting = 'grüße 👋';\n");
    expect(await blobs.read(repo.commit, "src/empty.ts")).toBe("");
  });

  it("answers many reads at once in order through one process, large files included", async () => {
    const blobs = reader();
    const texts = await Promise.all([
      blobs.read(repo.commit, "docs/big.md"),
      blobs.read(repo.commit, "package.json"),
      blobs.read(repo.commit, "missing.ts"),
      blobs.read(repo.commit, "src/app.ts"),
    ]);
    expect(texts[0]).toHaveLength("line of documentation\n".length * 20_000);
    expect(texts.slice(1)).toEqual(['{"name":"web"}\n', undefined, "export const greeting = 'grüße 👋';\n"]);
  });

  it("answers undefined for a missing path, a folder, and a path holding a newline", async () => {
    const blobs = reader();
    expect(await blobs.read(repo.commit, "src/missing.ts")).toBeUndefined();
    expect(await blobs.read(repo.commit, "src")).toBeUndefined();
    expect(await blobs.read(repo.commit, "src/app.ts\npackage.json")).toBeUndefined();
    expect(await blobs.read("0".repeat(40), "package.json")).toBeUndefined();
    // The reader is still in step after each of them.
    expect(await blobs.read(repo.commit, "package.json")).toBe('{"name":"web"}\n');
  });

  it("rejects the pending reads, and ends nothing else, when git cannot run on the repository", async () => {
    const broken = new GitBlobReader(["--git-dir", join(repo.gitDir, "..", "no-such-repo.git")]);
    readers.push(broken);
    const reads = Array.from({ length: 20 }, (_, index) => broken.read(repo.commit, `file-${index}.ts`));
    const settled = await Promise.allSettled(reads);
    expect(settled.every((result) => result.status === "rejected")).toBe(true);
  });

  it("starts a new process for reads after it was closed, and answers each read with its own file", async () => {
    const blobs = reader();
    expect(await blobs.read(repo.commit, "package.json")).toBe('{"name":"web"}\n');
    blobs.close();
    const again = await Promise.all([
      blobs.read(repo.commit, "src/app.ts"),
      blobs.read(repo.commit, "package.json"),
    ]);
    expect(again).toEqual(["export const greeting = 'grüße 👋';\n", '{"name":"web"}\n']);
  });
});
