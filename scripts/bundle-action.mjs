// Bundles the GitHub Action's entry (src/action/main.ts) with its dependencies into dist/action/, which is
// committed: a workflow runs `node dist/action/index.mjs` from the checked-out action, with no `npm install`.
// The output is deterministic, so CI rebuilds it and fails when the committed copy differs.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const outdir = "dist/action";
const require = createRequire(import.meta.url);

// @cdktf/hcl2json (Terraform parsing, under the stack analyser) reads its WebAssembly from `../main.wasm.gz`
// beside its own file when it loads: in the bundle the file sits beside the bundle instead.
const wasmSource = join(dirname(require.resolve("@cdktf/hcl2json/package.json")), "main.wasm.gz");
const WASM_READ = '(0, path_1.join)(__dirname, "..", "main.wasm.gz")';
const hcl2jsonWasmBesideBundle = {
  name: "hcl2json-wasm-beside-bundle",
  setup(esbuild) {
    esbuild.onLoad({ filter: /@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      // A new release that reads the file differently must stop the build, not ship a bundle that cannot load it.
      if (!source.includes(WASM_READ)) throw new Error(`${args.path} no longer reads ${WASM_READ}`);
      return {
        contents: source.replace(WASM_READ, '(0, path_1.join)(__bundleDir, "hcl2json.wasm.gz")'),
        loader: "js",
      };
    });
  },
};

// src/version.ts reads package.json beside src/ and dist/ at run time; the bundle carries the version instead.
const { version } = JSON.parse(await readFile("package.json", "utf8"));
const versionInBundle = {
  name: "version-in-bundle",
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
      contents: `export const VERSION = ${JSON.stringify(version)};`,
      loader: "ts",
    }));
  },
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
/** Every bundle's settings: GitHub runs the action on Node 24; Node 20 is what this project is tested on. */
const bundled = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
};
const result = await build({
  ...bundled,
  entryPoints: ["src/action/main.ts"],
  outfile: join(outdir, "index.mjs"),
  // Only reached on runtimes without a global `performance` (not Node 20+).
  external: ["performance"],
  // CommonJS dependencies inside an ES module bundle still need require and their directory.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      'import { fileURLToPath as __fileURLToPath } from "node:url";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      'const __bundleDir = __fileURLToPath(new URL(".", import.meta.url));',
      "const __dirname = __bundleDir;",
    ].join("\n"),
  },
  plugins: [hcl2jsonWasmBesideBundle, versionInBundle],
  metafile: true,
});
// The commit's term index is built on a worker thread (src/context/background-index.ts), which runs
// term-index-worker.js beside the code that starts it: in the action, beside the bundle. It needs nothing of the
// banner (no CommonJS dependency).
await build({
  ...bundled,
  entryPoints: ["src/context/term-index-worker.ts"],
  outfile: join(outdir, "term-index-worker.js"),
});
await copyFile(wasmSource, join(outdir, "hcl2json.wasm.gz"));
await writeFile(join(outdir, "licenses.txt"), await licenseNotices(Object.keys(result.metafile.inputs)));

/** The license of every package with code in the bundle (their notices must travel with it). */
async function licenseNotices(inputs) {
  const roots = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]);
  }
  roots.add(dirname(require.resolve("@cdktf/hcl2json/package.json")).replace(`${process.cwd()}/`, ""));
  const notices = [];
  for (const root of [...roots].sort()) {
    const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    const files = (await readdir(root)).filter((name) => /^(licen[cs]e|copying|notice)/i.test(name)).sort();
    const texts = await Promise.all(files.map((name) => readFile(join(root, name), "utf8")));
    notices.push(
      [`${manifest.name}@${manifest.version} (${manifest.license ?? "license not stated"})`, ...texts]
        .join("\n\n")
        .trim(),
    );
  }
  // Data carried under another project's licence: the gitleaks rule set the redaction uses.
  notices.push((await readFile("src/repo/secret-rules/GITLEAKS-LICENSE", "utf8")).trim());
  return `${notices.join(`\n\n${"-".repeat(72)}\n\n`)}\n`;
}
