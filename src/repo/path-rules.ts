// Which paths are never read: tool and dependency folders, build output, lockfile bodies, binaries, secrets.
// Pure rules over paths; content checks (binary sniffing, size) live with the readers.

const SKIPPED_SEGMENTS = new Set([
  ".git",
  "node_modules",
  "bower_components",
  "jspm_packages",
  ".pnpm-store",
  ".yarn",
  "vendor",
  ".bundle",
  "dist",
  "build",
  "out",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".vercel",
  ".output",
  ".cache",
  ".parcel-cache",
  "coverage",
  ".nyc_output",
  "target",
  "__pycache__",
  ".venv",
  "venv",
  ".tox",
  ".mypy_cache",
  ".pytest_cache",
  ".gradle",
  ".idea",
  ".terraform",
  "Pods",
  "DerivedData",
]);

const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "bun.lock",
  "Gemfile.lock",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "Cargo.lock",
  "composer.lock",
  "go.sum",
  "mix.lock",
  "pubspec.lock",
  "packages.lock.json",
  "gradle.lockfile",
]);

const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif webp avif bmp ico icns tif tiff psd ai eps heic svgz pdf doc docx xls xlsx ppt pptx odt " +
    "zip gz tgz bz2 xz 7z rar tar jar war ear apk ipa dmg iso exe dll so dylib a o obj lib class pyc pyo whl " +
    "woff woff2 ttf otf eot mp3 mp4 m4a wav ogg flac webm mov avi mkv wasm bin dat db sqlite sqlite3 mdb " +
    "parquet avro pb onnx pt pth h5 ckpt safetensors npy npz pkl glb gltf fbx blend unitypackage keystore"
  ).split(" "),
);

// Example and template env files document variables without values; real ones hold secrets.
const ENV_EXAMPLE = /^\.env(\.[\w-]+)*\.(example|sample|template|dist|defaults)$/i;
const SECRET_NAMES = [
  /^\.env(\..+)?$/i,
  /\.(pem|key|p12|pfx|jks|keystore|kdbx|ovpn|asc|gpg|pgp|der|crt|cer|csr|p8|tfvars)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/i,
  /^\.(npmrc|pypirc|netrc|htpasswd|git-credentials|dockercfg|pgpass|s3cfg)$/i,
  /^(credentials|client_secrets?|service[-_]?account.*|secrets?|token|auth)\.(json|ya?ml|toml|ini|txt)$/i,
  /^(master\.key|credentials\.yml\.enc|.*\.secret(s)?\..*)$/i,
  /^terraform\.tfstate(\.backup)?$/i,
];
const SECRET_DIRS = /(^|\/)(\.aws|\.ssh|\.gnupg|\.docker|secrets?)\//i;

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Tool, dependency and build folders: not part of the codebase a plan changes. Excluded from the tree too. */
export function isSkippedPath(path: string): boolean {
  return path.split("/").some((segment) => SKIPPED_SEGMENTS.has(segment));
}

export function isLockfile(path: string): boolean {
  return LOCKFILES.has(basename(path));
}

export function hasBinaryExtension(path: string): boolean {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  return dot > 0 && BINARY_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** Files that hold credentials by their nature: listed by name, never read. */
export function isSecretPath(path: string): boolean {
  const name = basename(path);
  if (ENV_EXAMPLE.test(name)) return false;
  return SECRET_DIRS.test(path) || SECRET_NAMES.some((pattern) => pattern.test(name));
}

/** A file a plan may read, by its name: not in a skipped folder, not a lockfile, a binary or a secret. */
export function readableByName(path: string): boolean {
  return !isSkippedPath(path) && !isLockfile(path) && !hasBinaryExtension(path) && !isSecretPath(path);
}
