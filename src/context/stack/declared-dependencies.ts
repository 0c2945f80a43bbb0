// Dependency names and versions as the manifests declare them, across ecosystems. The stack analyser drops
// some (gems without a version, names in another case), and plans need them all.
import type { RepoSnapshot } from "../../repo/repo-snapshot.js";
import { tomlDependencies } from "./toml-dependencies.js";

const MANIFESTS =
  /(^|\/)(package\.json|Gemfile|requirements[\w.-]*\.txt|pyproject\.toml|composer\.json|go\.mod|Cargo\.toml)$/;
const MAX_MANIFESTS = 200;

/**
 * The manifests the stack is read from: the first MAX_MANIFESTS in listing order. A monorepo of thousands of
 * packages (payload's files copied eleven times hold 700) would otherwise cost seconds of matching every
 * dependency against every technology's rules, for a stack a few lines long.
 */
export function stackManifests(paths: readonly string[]): Set<string> {
  return new Set(paths.filter(isManifest).slice(0, MAX_MANIFESTS));
}

/** A file the stack's dependencies are declared in (package.json, Gemfile, go.mod...). */
export function isManifest(path: string): boolean {
  return MANIFESTS.test(path);
}

/** Lower-cased name -> version ("" when none is declared). */
export async function declaredDependencies(
  snapshot: RepoSnapshot,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const add = (name: string, version = "") => {
    const key = name.toLowerCase();
    if (!found.get(key)) found.set(key, version.replace(/^[\^~>=<!\s]+/, "").split(/[\s,]/)[0] ?? "");
  };
  for (const path of stackManifests(paths)) {
    const text = await snapshot.readFile(path);
    if (!text) continue;
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (name === "package.json" || name === "composer.json") {
      try {
        const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
        for (const field of [
          "dependencies",
          "devDependencies",
          "peerDependencies",
          "require",
          "require-dev",
        ]) {
          for (const [dep, version] of Object.entries(manifest[field] ?? {})) add(dep, String(version));
        }
      } catch {
        // A broken manifest declares nothing.
      }
    } else if (name === "Gemfile") {
      for (const match of text.matchAll(/^\s*gem\s+["']([\w.-]+)["'](?:\s*,\s*["']([^"']+)["'])?/gm))
        add(match[1] ?? "", match[2]);
    } else if (name.startsWith("requirements")) {
      for (const match of text.matchAll(
        /^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(?:[=~<>!]=?\s*([\w.*-]+))?/gm,
      ))
        add(match[1] ?? "", match[2]);
    } else if (name === "pyproject.toml" || name === "Cargo.toml") {
      for (const [dep, version] of tomlDependencies(name, text)) add(dep, version);
    } else if (name === "go.mod") {
      for (const match of text.matchAll(/^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/[\w./-]+)\s+(v[\w.+-]+)/gm))
        add(match[1] ?? "", match[2]);
    }
  }
  return found;
}
