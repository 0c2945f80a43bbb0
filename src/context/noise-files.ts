// Files that crowd a context out when an issue is not about them: translated documentation, issue and pull
// request templates, changelogs and tool configuration. They match an issue's words (every translation repeats
// the API's names; every tsconfig says "module"), so the ranking demotes them unless the issue is about them.

export type NoiseKind = "translation" | "template" | "changelog" | "tool config" | "docs";

interface NoiseRule {
  kind: NoiseKind;
  path: RegExp;
  /** Words of an issue that is about such files. */
  about: RegExp;
}

const DOC_EXT = String.raw`\.(?:md|mdx|rst|txt|adoc)$`;
const LANG = String.raw`(?:[a-z]{2}(?:[-_][a-zA-Z]{2,4})?)`;

const RULES: NoiseRule[] = [
  {
    kind: "translation",
    path: new RegExp(
      String.raw`(?:^|/)(?:docs?|i18n|translations?|locales?)/${LANG}/.+${DOC_EXT}|\.${LANG}${DOC_EXT}|(?:^|/)(?:i18n|translations?|locales?)/`,
    ),
    about: /\b(translat\w*|i18n|locali[sz]\w*|locale)\b/i,
  },
  {
    kind: "template",
    path: /(?:^|\/)\.github\/(?:ISSUE_TEMPLATE\/|PULL_REQUEST_TEMPLATE|[^/]+\.md$)|(?:^|\/)(?:ISSUE|PULL_REQUEST)_TEMPLATE/i,
    about: /\b(templates?|issue forms?)\b/i,
  },
  {
    kind: "changelog",
    path: /(?:^|\/)(?:CHANGELOG|CHANGES|HISTORY|RELEASES?|NEWS)(?:\.[a-z]+)?$/i,
    about: /\b(changelog|release notes?|changes file|history file)\b/i,
  },
  {
    kind: "tool config",
    path: /(?:^|\/)(?:tsconfig[^/]*\.json|jsconfig\.json|\.eslintrc[^/]*|eslint\.config\.[cm]?[jt]s|\.prettierrc[^/]*|prettier\.config\.[cm]?js|babel\.config\.[cm]?js|\.babelrc[^/]*|karma\.conf[^/]*\.[cm]?js|rollup\.config[^/]*\.[cm]?[jt]s|webpack\.config[^/]*\.[cm]?[jt]s|jest\.config[^/]*\.[cm]?[jt]s|vitest\.config[^/]*\.[cm]?[jt]s|biome\.jsonc?|\.editorconfig|\.npmrc|\.nvmrc|renovate\.json|\.travis\.yml|\.gitlab-ci\.yml|\.github\/workflows\/[^/]+\.ya?ml)$/i,
    about:
      /\b(tsconfig|typescript config\w*|compiler options?|eslint|prettier|babel|karma|rollup|webpack|jest config\w*|vitest config\w*|biome|editorconfig|npmrc|nvmrc|renovate|ci|workflows?|github actions?|build config\w*|bundl\w*)\b/i,
  },
];

const DOCS = new RegExp(String.raw`${DOC_EXT}|(?:^|/)docs?/`);

/** What kind of noise a file is, if any; plain documentation is `docs`. */
export function noiseKind(path: string): NoiseKind | undefined {
  for (const rule of RULES) if (rule.path.test(path)) return rule.kind;
  return DOCS.test(path) ? "docs" : undefined;
}

/** Whether the issue's words are about this kind of file (then it is not demoted). */
export function issueIsAbout(kind: NoiseKind, query: string): boolean {
  if (kind === "docs") return /\b(docs?|documentation|readme|guide|typo)\b/i.test(query);
  return RULES.find((rule) => rule.kind === kind)?.about.test(query) ?? false;
}
