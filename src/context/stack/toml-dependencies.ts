// Dependencies of the TOML manifests (pyproject.toml, Cargo.toml), read from the parsed document: only the tables
// that declare dependencies count, never a keyword list or a description that happens to hold a package's name.
import { parse } from "smol-toml";

type Table = Record<string, unknown>;

/** Name -> declared version ("" when none), from a pyproject.toml (PEP 621, PEP 735, Poetry) or a Cargo.toml. */
export function tomlDependencies(
  fileName: "pyproject.toml" | "Cargo.toml",
  text: string,
): [string, string][] {
  let document: Table;
  try {
    document = parse(text) as Table;
  } catch {
    // A manifest TOML cannot read declares nothing.
    return [];
  }
  return fileName === "pyproject.toml" ? pyprojectDependencies(document) : cargoDependencies(document);
}

function pyprojectDependencies(document: Table): [string, string][] {
  const project = table(document.project);
  const poetry = table(table(document.tool).poetry);
  const requirements = [
    ...strings(project.dependencies),
    ...Object.values(table(project["optional-dependencies"])).flatMap(strings),
    ...Object.values(table(document["dependency-groups"])).flatMap(strings),
  ].map(requirement);
  const poetryTables = [
    poetry.dependencies,
    poetry["dev-dependencies"],
    ...Object.values(table(poetry.group)).map((group) => table(group).dependencies),
  ];
  return [...requirements, ...poetryTables.flatMap(versionTable)].filter(([name]) => name !== "python");
}

function cargoDependencies(document: Table): [string, string][] {
  return [
    document.dependencies,
    document["dev-dependencies"],
    document["build-dependencies"],
    table(document.workspace).dependencies,
  ].flatMap(versionTable);
}

/** `requests[socks]>=2.31; python_version < "3.12"` -> ["requests", "2.31"] (PEP 508). */
function requirement(text: string): [string, string] {
  const match =
    /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:\(?\s*[=~<>!]=?\s*([\w.*+-]+))?/.exec(text);
  return [match?.[1] ?? "", match?.[2] ?? ""];
}

/** `{ name = "1.2" }` or `{ name = { version = "1.2" } }` -> [name, version]. */
function versionTable(value: unknown): [string, string][] {
  return Object.entries(table(value)).map(([name, spec]) => [
    name,
    typeof spec === "string" ? spec : String(table(spec).version ?? ""),
  ]);
}

function table(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
