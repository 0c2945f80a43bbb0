// Serialises a sanitised mdast tree with mdast-util-to-markdown, which escapes text so it cannot form new syntax,
// in the plan format's own style: `-` bullets, `---` rules, a heading directly above its task list, and each
// list item's original spacing after the bullet (`-   [ ]` in the plan, `- ` in plain lists). A `<` that could
// start a tag is written as `&#x3C;` rather than `\<`, so not even the raw text spells `<img` or `<!--`.
import type { ListItem, Root } from "mdast";
import { gfmToMarkdown } from "mdast-util-gfm";
import { defaultHandlers, type Handle, type Join, toMarkdown } from "mdast-util-to-markdown";

export type ListItemIndent = "one" | "tab";

// Built once: the extension holds no state between documents.
const GFM = gfmToMarkdown();

/** `indents` says, per list item, whether its content started one space or a tab stop after the bullet. */
export function writeMarkdown(
  tree: Root,
  indents: ReadonlyMap<ListItem, ListItemIndent> = new Map(),
): string {
  const listItem: Handle = (node, parent, state, info) => {
    const saved = state.options.listItemIndent;
    state.options.listItemIndent = indents.get(node as ListItem) ?? saved;
    try {
      return defaultHandlers.listItem(node as ListItem, parent, state, info);
    } finally {
      state.options.listItemIndent = saved;
    }
  };
  const text: Handle = (node, parent, state, info) => {
    const siblings = parent?.children ?? [];
    const index = state.indexStack.at(-1) ?? -1;
    return state.safe(node.value, {
      ...info,
      encode: ["<"],
      afterNode: siblings[index + 1],
      beforeNode: siblings[index - 1],
    });
  };
  return toMarkdown(tree, {
    extensions: [GFM],
    bullet: "-",
    rule: "-",
    listItemIndent: "one",
    join: [headingAboveList],
    handlers: { listItem, text },
  });
}

// The plan format writes `#### Phase 1: ...` with its task list on the next line.
const headingAboveList: Join = (left, right) =>
  left.type === "heading" && right.type === "list" ? 0 : undefined;
