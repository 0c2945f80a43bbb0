// The one gate for Markdown the app posts under its name from text others control (the model, which prompt
// injection can steer; the repository's configuration). It parses the text and rebuilds it from an allowlist of
// node kinds the plan format uses: headings, paragraphs, lists and task items, emphasis, strong, strikethrough,
// code, rules, and links to URLs the repository gave. Everything else (images, which track readers; raw HTML,
// which could forge the app's hidden markers; references, definitions, footnotes, tables, quotes) becomes plain
// text, and text then loses what GitHub would turn into a ping, a cross-reference or a link. The tree is written
// back by mdast-util-to-markdown, never spliced, so no leftover backtick or bracket can regroup the text.
import type {
  BlockContent,
  Link,
  ListItem,
  Nodes,
  Paragraph,
  Parents,
  PhrasingContent,
  Root,
  RootContent,
  Text,
} from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { defuseMarkers } from "../markdown-literal.js";
import { isAllowedUrl } from "./allowed-urls.js";
import { defuseText } from "./defuse-text.js";
import { type Finding, type FindingRule, finding, type SourcePoint } from "./plan-findings.js";
import { type ListItemIndent, writeMarkdown } from "./write-markdown.js";

// Built once: the extensions hold no state between documents.
const PARSE_OPTIONS = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

export interface SanitizeOptions {
  /** URLs the repository's files provided: links to them are kept. */
  allowedUrls?: ReadonlySet<string>;
  /** URL prefixes links may start with, e.g. the repository's own GitHub pages. */
  allowedPrefixes?: readonly string[];
}

export interface SanitizedMarkdown {
  markdown: string;
  /** What was changed, one finding per rule (the `safety/*` rules). */
  findings: Finding[];
}

/** `markdown` rebuilt from the allowlist, with text defused; the findings say what had to change. */
export function sanitizeMarkdown(markdown: string, options: SanitizeOptions = {}): SanitizedMarkdown {
  const tree = fromMarkdown(markdown, PARSE_OPTIONS);
  const sanitizer = new Sanitizer(markdown, options, tree);
  const clean: Root = { type: "root", children: sanitizer.flow(tree.children) };
  sanitizer.defuseTextIn(clean);
  const written = clean.children.length === 0 ? "" : writeMarkdown(clean, sanitizer.indents);
  // to-markdown ends with a line ending; keep the input's choice so a clean plan comes back unchanged.
  const out = markdown.endsWith("\n") ? written : written.replace(/\n$/, "");
  return { markdown: out, findings: sanitizer.findings() };
}

class Sanitizer {
  readonly indents = new Map<ListItem, ListItemIndent>();
  readonly #counts = new Map<FindingRule, number>();
  readonly #firstAt = new Map<FindingRule, SourcePoint>();
  readonly #definitions = new Map<string, string>();

  constructor(
    private readonly source: string,
    private readonly options: SanitizeOptions,
    tree: Root,
  ) {
    collectDefinitions(tree, this.#definitions);
  }

  /** Block content kept by kind; the rest turned into paragraphs of plain text. */
  flow(nodes: readonly RootContent[]): BlockContent[] {
    return nodes.flatMap((node): BlockContent[] => {
      switch (node.type) {
        case "heading":
        case "paragraph":
          return [{ ...node, children: this.phrasing(node.children) }];
        case "list":
          return [{ ...node, children: node.children.map((item) => this.#listItem(item)) }];
        case "code":
          return [codeBlock(node.value, node.lang)];
        case "thematicBreak":
          return [node];
        case "blockquote":
        case "footnoteDefinition":
          return this.flow(node.children);
        case "definition":
          if (!isAllowedUrl(node.url, this.options)) this.#count("safety/external-link", node);
          return [];
        case "html":
          this.#count("safety/html", node);
          return [paragraph([text(node.value)])];
        case "table":
          return node.children.map((row) =>
            paragraph(
              row.children.flatMap((cell, index) => [
                ...(index > 0 ? [text(" | ")] : []),
                ...this.phrasing(cell.children),
              ]),
            ),
          );
        default:
          return [paragraph([text(plainText(node))])];
      }
    });
  }

  /** Inline content kept by kind; links only to allowed URLs; the rest turned into plain text. */
  phrasing(nodes: readonly PhrasingContent[]): PhrasingContent[] {
    return nodes.flatMap((node): PhrasingContent[] => {
      switch (node.type) {
        case "text":
        case "break":
          return [node];
        case "emphasis":
        case "strong":
        case "delete":
          return [{ ...node, children: this.phrasing(node.children) }];
        case "inlineCode":
          return [{ type: "inlineCode", value: defuseMarkers(node.value) }];
        case "link":
          return this.#link(node);
        case "linkReference": {
          const url = this.#definitions.get(node.identifier);
          if (url !== undefined && isAllowedUrl(url, this.options))
            return [{ type: "link", url, title: null, children: this.phrasing(node.children) }];
          this.#count("safety/external-link", node);
          return this.phrasing(node.children);
        }
        case "image":
        case "imageReference":
          this.#count("safety/image", node);
          return [text(node.alt?.trim() ? `(image not shown: ${node.alt.trim()})` : "(image not shown)")];
        case "html":
          this.#count("safety/html", node);
          return [text(node.value)];
        case "footnoteReference":
          return [text(`[^${node.label ?? node.identifier}]`)];
        default:
          return [text(plainText(node))];
      }
    });
  }

  #listItem(item: ListItem): ListItem {
    const indent = bulletIndent(this.source, item);
    const clean: ListItem = { ...item, children: this.flow(item.children) };
    if (indent) this.indents.set(clean, indent);
    return clean;
  }

  #link(node: Link): PhrasingContent[] {
    if (isAllowedUrl(node.url, this.options))
      return [{ type: "link", url: node.url, title: null, children: this.phrasing(node.children) }];
    this.#count("safety/external-link", node);
    // A bare address (`https://...`, `www...`, an e-mail, `<...>`) stays readable as code, where it is no link.
    const label = plainText(node);
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const written = start === undefined || end === undefined ? undefined : this.source.slice(start, end);
    if (label && (written === label || written === `<${label}>`))
      return [{ type: "inlineCode", value: defuseMarkers(label) }];
    return this.phrasing(node.children);
  }

  /**
   * Joins neighbouring text (a mention can be split across a removed link) and neighbouring code (two spans
   * side by side would be read back as one with a different fence), then defuses every text node.
   */
  defuseTextIn(node: Parents): void {
    const children: RootContent[] = [];
    for (const child of node.children) {
      const last = children.at(-1);
      if (child.type === "text" && last?.type === "text") last.value += child.value;
      else if (child.type === "inlineCode" && last?.type === "inlineCode") last.value += child.value;
      else if (child.type === "text" || child.type === "inlineCode") children.push({ ...child });
      else children.push(child);
    }
    node.children = children as typeof node.children;
    for (const child of node.children) {
      if (child.type === "text") {
        const defused = defuseText(child.value);
        child.value = defused.text;
        // Text kept from the input keeps its position; text the sanitizer wrote has none.
        this.#count("safety/mention", child, defused.mentions);
        this.#count("safety/reference", child, defused.references);
      } else if ("children" in child) this.defuseTextIn(child);
    }
  }

  /** One finding per rule, in the order of MESSAGES whatever order the tree gave. */
  findings(): Finding[] {
    return MESSAGES.flatMap(([rule, message]) => {
      const times = this.#counts.get(rule) ?? 0;
      if (times === 0) return [];
      const at = this.#firstAt.get(rule);
      return [finding(rule, "warning", `${message}${times > 1 ? ` (${times} times)` : ""}`, at)];
    });
  }

  /** Counts what `node` made the sanitizer change, and remembers where the first such node stands. */
  #count(rule: FindingRule, node: Nodes, times = 1): void {
    if (times <= 0) return;
    this.#counts.set(rule, (this.#counts.get(rule) ?? 0) + times);
    const start = node.position?.start;
    if (start && !this.#firstAt.has(rule)) this.#firstAt.set(rule, start);
  }
}

const MESSAGES: readonly (readonly [FindingRule, string])[] = [
  ["safety/mention", "An @mention was defused so nobody is pinged."],
  ["safety/reference", "An issue or commit reference was defused so no other issue gets a backlink."],
  ["safety/html", "Raw HTML was escaped."],
  ["safety/image", "An image was replaced by its description."],
  ["safety/external-link", "A link the repository did not provide was removed."],
];

function collectDefinitions(node: Nodes, into: Map<string, string>): void {
  if (node.type === "definition" && !into.has(node.identifier)) into.set(node.identifier, node.url);
  if ("children" in node) for (const child of node.children) collectDefinitions(child, into);
}

/** Whether an item's content started a tab stop after its bullet (`-   [ ]`, the plan's style) or one space. */
function bulletIndent(source: string, item: ListItem): ListItemIndent | undefined {
  const start = item.position?.start.offset;
  if (start === undefined) return undefined;
  const bullet = /^(?:[-*+]|\d{1,9}[.)])( +)/.exec(source.slice(start, start + 16));
  if (!bullet) return undefined;
  return bullet[0].length >= 4 ? "tab" : "one";
}

function codeBlock(value: string, lang: string | null | undefined): BlockContent {
  // The info string is only a language name; anything else in it (meta, HTML-looking text) is dropped.
  const safeLang = lang && /^[\w#+.-]{1,40}$/.test(lang) ? lang : null;
  return { type: "code", lang: safeLang, meta: null, value: defuseMarkers(value) };
}

function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: "paragraph", children };
}

function text(value: string): Text {
  return { type: "text", value };
}

/** The text a node shows (its values, alt texts and children's text), for nodes shown as plain text. */
function plainText(node: Nodes): string {
  if ("value" in node) return node.value;
  if ("children" in node) return node.children.map(plainText).join("");
  return "alt" in node ? (node.alt ?? "") : "";
}

/** Text from others shown as written inside a line the app composes: one line, defused, escaped as Markdown. */
export function inlineText(value: string): string {
  const line = value.replace(/\s*[\r\n]+\s*/g, " ").trim();
  if (!line) return "";
  const tree: Root = { type: "root", children: [paragraph([text(defuseText(line).text)])] };
  return writeMarkdown(tree).replace(/\n$/, "");
}
