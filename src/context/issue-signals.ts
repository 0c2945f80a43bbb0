// What an issue says about code, beyond its words: paths and GitHub links (with line ranges), code spans and
// identifiers. These steer retrieval before any ranking.
import { issueQueryText } from "./issue-query.js";

export interface IssueSignals {
  /** Paths or path suffixes named in the issue, with a line range when a blob link gave one. */
  paths: { path: string; lines?: [number, number] }[];
  /** Identifiers: code spans and CamelCase / snake_case / dotted names. */
  identifiers: string[];
  /** The text to rank files against. */
  query: string;
}

const BLOB_URL = /https?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/blob\/[^\s/]+\/([^\s#?)]+)(?:#L(\d+)(?:-L(\d+))?)?/g;
const CODE_SPAN = /`([^`\n]{2,120})`/g;
const PATH_LIKE = /(?:^|[\s(["'])((?:[\w@.-]+\/)+[\w@.-]+\.[A-Za-z0-9]{1,12})(?=$|[\s)\]"',:;.])/g;
const IDENTIFIER =
  /\b([a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[a-z][a-z0-9]*_[a-z0-9_]+|[A-Z][A-Za-z0-9]+(?:\.[a-z][A-Za-z0-9]+)+)\b/g;

export function issueSignals(title: string, body: string, instructions = ""): IssueSignals {
  const text = `${title}\n${body}\n${instructions}`;
  const paths = new Map<string, [number, number] | undefined>();
  for (const match of text.matchAll(BLOB_URL)) {
    // A link ending a sentence keeps the sentence's punctuation: it is not part of the path.
    const path = decodeURIComponent(match[1] ?? "").replace(/[.,;:!]+$/, "");
    const start = match[2] ? Number(match[2]) : undefined;
    paths.set(path, start === undefined ? undefined : [start, match[3] ? Number(match[3]) : start]);
  }
  const withoutUrls = text.replace(/https?:\/\/\S+/g, " ");
  for (const match of withoutUrls.matchAll(PATH_LIKE)) {
    const path = (match[1] ?? "").replace(/^\.\//, "");
    if (!paths.has(path)) paths.set(path, undefined);
  }
  const identifiers = new Set<string>();
  for (const match of withoutUrls.matchAll(CODE_SPAN)) {
    const span = (match[1] ?? "").trim();
    if (/^[\w.$-]+(\(\))?$/.test(span)) identifiers.add(span.replace(/\(\)$/, ""));
    // A path of Rust, C++ or PHP (`tokio::time::sleep`, `Foo::bar()`): the item it ends on, and a type before it.
    else if (/^[\w$]+(::[\w$]+)+(\(\))?$/.test(span)) {
      const segments = span.replace(/\(\)$/, "").split("::");
      identifiers.add(segments.at(-1) ?? "");
      const owner = segments.at(-2) ?? "";
      if (/^[A-Z]/.test(owner)) identifiers.add(owner);
    } else if (/^[\w@.-]+(\/[\w@.-]+)+$/.test(span) && !paths.has(span)) paths.set(span, undefined);
  }
  for (const match of withoutUrls.matchAll(IDENTIFIER)) identifiers.add(match[1] ?? "");
  identifiers.delete("");
  return {
    paths: [...paths].map(([path, lines]) => (lines ? { path, lines } : { path })),
    identifiers: [...identifiers].slice(0, 40),
    // The title says what the issue is about: weigh it twice. The body without its template's field labels.
    query: `${title}\n${title}\n${issueQueryText(body)}\n${instructions}`,
  };
}
