// What the model writes is posted under the app's name: it must not ping people, inject raw HTML (which could
// fake the app's hidden markers or hide text), load images that track readers, or link to sites nobody gave it.
// Code spans and code blocks are left as written: nothing in them renders as a mention, tag or link.
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { type Finding, type FindingRule, finding } from "./plan-findings.js";

export interface NeutralizeOptions {
  /** URLs the repository's files provided: links to them are kept. */
  allowedUrls?: ReadonlySet<string>;
  /** URL prefixes links may start with, e.g. the repository's own GitHub pages. */
  allowedPrefixes?: readonly string[];
}

export interface NeutralizedMarkdown {
  markdown: string;
  findings: Finding[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

// A GitHub mention: @user or @org/team, not preceded by a word character (so e-mail addresses stay).
const MENTION = /(^|[^\w`])@([a-z\d](?:[a-z\d-]{0,38})(?:\/[\w.-]+)?)/gi;
const ZERO_WIDTH_SPACE = "\u200B";

/** Plain text the app posts (an issue title): mentions defused, as in the Markdown. */
export function defusePlainText(text: string): string {
  return text.replace(
    MENTION,
    (_match, before: string, name: string) => `${before}@${ZERO_WIDTH_SPACE}${name}`,
  );
}

export function neutralizeModelMarkdown(
  markdown: string,
  options: NeutralizeOptions = {},
): NeutralizedMarkdown {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const edits: Edit[] = [];
  const counts = new Map<FindingRule, number>();
  const count = (rule: FindingRule) => counts.set(rule, (counts.get(rule) ?? 0) + 1);
  const defuseMentions = (text: string) => {
    return text.replace(MENTION, (_match, before: string, name: string) => {
      count("safety/mention");
      return `${before}@${ZERO_WIDTH_SPACE}${name}`;
    });
  };

  walk(tree, (node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return true;
    const source = markdown.slice(start, end);
    switch (node.type) {
      case "html":
        count("safety/html");
        edits.push({ start, end, text: source.replaceAll("<", "&lt;").replaceAll(">", "&gt;") });
        return false;
      case "image":
      case "imageReference": {
        count("safety/image");
        const alt = node.alt?.replace(/[[\]]/g, "").trim();
        edits.push({ start, end, text: alt ? `(image not shown: ${alt})` : "(image not shown)" });
        return false;
      }
      case "link": {
        if (isAllowed(node.url, options)) return true;
        count("safety/external-link");
        const label = innerSource(markdown, node);
        // A bare URL (autolink) stays readable as code; a named link keeps its words only.
        const text =
          !label || label === node.url || source.startsWith("<") ? `\`${node.url}\`` : defuseMentions(label);
        edits.push({ start, end, text });
        return false;
      }
      case "definition":
        if (isAllowed(node.url, options)) return true;
        count("safety/external-link");
        edits.push({ start, end, text: "" });
        return false;
      case "text": {
        const neutral = defuseMentions(source);
        if (neutral !== source) edits.push({ start, end, text: neutral });
        return false;
      }
      default:
        return true;
    }
  });

  let result = markdown;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  const findings = [...counts].map(([rule, times]) =>
    finding(rule, "warning", `${MESSAGES[rule] ?? rule}${times > 1 ? ` (${times} times)` : ""}`),
  );
  return { markdown: result, findings };
}

const MESSAGES: Partial<Record<FindingRule, string>> = {
  "safety/mention": "An @mention was defused so nobody is pinged.",
  "safety/html": "Raw HTML was escaped.",
  "safety/image": "An image was replaced by its description.",
  "safety/external-link": "A link the repository did not provide was removed.",
};

function isAllowed(url: string, options: NeutralizeOptions): boolean {
  // Relative links point into the repository itself; fragments into the comment.
  if (!/^[a-z][a-z\d+.-]*:/i.test(url) && !url.startsWith("//")) return true;
  return (
    (options.allowedUrls?.has(url) ?? false) ||
    (options.allowedPrefixes ?? []).some((prefix) => url.startsWith(prefix))
  );
}

function innerSource(markdown: string, node: Nodes): string {
  if (!("children" in node) || node.children.length === 0) return "";
  const first = node.children[0]?.position?.start.offset;
  const last = node.children.at(-1)?.position?.end.offset;
  return first === undefined || last === undefined ? "" : markdown.slice(first, last);
}

/** Depth-first; `visit` returns false to skip a node's children (the node was replaced whole). */
function walk(node: Nodes, visit: (node: Nodes) => boolean): void {
  if (!visit(node)) return;
  if ("children" in node) for (const child of node.children) walk(child, visit);
}

/** The URLs written in some text, to allow links the model repeats from the issue or repository. */
export function urlsIn(text: string): Set<string> {
  return new Set(
    (text.match(/https?:\/\/[^\s<>()[\]"'`]+/g) ?? []).map((url) => url.replace(/[.,;:!?]+$/, "")),
  );
}
