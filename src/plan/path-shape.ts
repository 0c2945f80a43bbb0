// Reads a code span of a plan as a path by its shape alone, before the repository is asked: what looks like a
// file or folder, and what only resembles one (a CSS class, a route, a glob, a member, a version, an extension).

const words = (list: string) => new Set(list.split(" "));
const FILE_EXTENSIONS = words(
  "ts tsx js jsx mjs cjs mts cts json jsonc md mdx prisma rb erb py go rs php java kt kts scala swift cs fs " +
    "vue svelte astro html htm css scss sass less sql yml yaml toml ini cfg conf env xml gradle properties lock " +
    "graphql gql proto sh bash zsh ps1 ex exs erl hs ml c h cc cpp hpp m mm dart lua r jl tf hcl txt csv",
);
/** Extensions that are also members' (`res.json`, `process.env`) or products' names (`Next.js`). */
const MEMBER_EXTENSIONS = words(
  "js json env lock html htm css sql csv xml md txt properties conf cfg ini go fs cs c h m r ml ex sh",
);
/** Objects whose members plans name in code spans. */
const RECEIVERS = words(
  "this self process window document globalThis global import module exports req res request response resp ctx " +
    "context reply event err error router history location navigator console db prisma knex sql theme JSON " +
    "Response Request Headers Bun Deno Astro Prisma d3",
);
const RUNTIMES = words("node deno bun");
const SPECIAL_FILES = words(
  "Makefile Dockerfile Containerfile Gemfile Rakefile Procfile Justfile Brewfile Jenkinsfile Vagrantfile " +
    "Caddyfile CODEOWNERS LICENSE",
);
const DOT_FOLDERS = words(
  ".github .gitlab .vscode .idea .husky .changeset .storybook .devcontainer .circleci .yarn",
);
const DOT_FILES =
  /^\.(env(\.[\w-]+)*|[\w-]{2,}(rc|ignore)(\.[a-z]+)?|editorconfig|gitattributes|gitmodules|mailmap|htaccess|(node|python|ruby)-version|tool-versions)$/i;

interface PathShape {
  /** The path without a leading `./` or a line suffix (`:12`, `#L3-L9`). */
  path: string;
  segments: string[];
  kind: "file" | "folder";
}

/**
 * A code span read as a path by its shape alone, or undefined for what no path looks like: selectors (`.btn:hover`,
 * `#main`), routes (`/invoices`, `api/users/:id`), globs, aliases (`@/lib`), schemes (`node:fs`, URLs), versions,
 * extensions (`.ts`), members (`res.json`, `process.env`), names (`useState`, `Next.js`), calls and templates.
 */
export function pathShape(span: string): PathShape | undefined {
  const path = span.replace(/^\.\//, "").replace(/(?:(?::\d+)+(?:-\d+)?|#L\d+(?:-L?\d+)?)$/, "");
  // Next.js route groups, `app/(auth)/login`, are the only parentheses of a path.
  const plain = path.replace(/(^|\/)\([\w-]+\)(?=\/)/g, "$1");
  if (!path || /[\s'"=,;<>{}()*?!^$|`\\:#]/.test(plain) || /^[@~]?\//.test(path)) return undefined;
  const segments = path.replace(/\/$/, "").split("/");
  if (segments.some((segment) => segment === "" || segment === "..")) return undefined;
  const last = segments.at(-1) ?? "";
  if (isFileName(last) && !(segments.length === 1 && isMemberName(last)))
    return { path, segments, kind: "file" };
  return segments.length > 1 || path.endsWith("/") ? { path, segments, kind: "folder" } : undefined;
}

function isFileName(name: string): boolean {
  if (SPECIAL_FILES.has(name) || /^(Docker|Container)file\.[\w.-]+$/.test(name)) return true;
  if (name.startsWith(".")) {
    // `.ts` is an extension and `.rank-circle` a CSS class; `.eslintrc.json` and `.gitlab-ci.yml` are files.
    const extension = /^\.[\w-]+\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
    return (
      DOT_FOLDERS.has(name) ||
      DOT_FILES.test(name) ||
      (extension !== undefined && FILE_EXTENSIONS.has(extension))
    );
  }
  const extension = /.\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension !== undefined && FILE_EXTENSIONS.has(extension);
}

/** `res.json`, `process.env`, `import.meta.env`, `NextResponse.json`, `Next.js`: a member or product, not a file. */
function isMemberName(name: string): boolean {
  const match = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.([a-z]+)$/.exec(name);
  const stem = match?.[1] ?? "";
  const extension = match?.[2] ?? "";
  if (!MEMBER_EXTENSIONS.has(extension)) return false;
  if (extension === "js") return /^[A-Z][A-Za-z0-9]*$/.test(stem) || RUNTIMES.has(stem.toLowerCase());
  const head = stem.split(".")[0] ?? "";
  return RECEIVERS.has(head) || /^[_$]|^.$|^[a-z]+[A-Z]|^[A-Z][a-z0-9]+[A-Z]/.test(head);
}

/** `github.com`, `api.example.io`: the first segment of a URL written without its scheme. */
export function isHostName(segment: string): boolean {
  const tld = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.([a-z]{2,})$/i.exec(segment)?.[1];
  return tld !== undefined && !FILE_EXTENSIONS.has(tld.toLowerCase());
}
