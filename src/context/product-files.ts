// Which files speak for what the repository ships. Fixtures, examples, samples, demos and documentation sites
// carry manifests of their own (a test app's package.json, an example's Gemfile) that are not the product's
// stack; a test folder's manifests are test apps. Their tests, configs and code still count elsewhere
// (ranking): the stack and the directory roles are read from the product's files.

/**
 * A folder whose content is not the product: fixtures, examples, samples, demos anywhere; a documentation site at
 * the root (a `docs/` route inside an app is the product's own).
 */
const NOT_PRODUCT_FOLDER =
  /^((?:.*\/)?(?:fixtures?|__fixtures__|testdata|test-?data|examples?|samples?|demos?|playgrounds?|sandbox(?:es)?)\/|(?:docs?|website|site)\/)/i;
/** A test folder: its files count (test tools, conftest.py), its manifests do not (they belong to test apps). */
const TEST_FOLDER = /(^|\/)(tests?|__tests__|spec|specs|e2e|integration)\//i;
const MANIFEST =
  /(^|\/)(package\.json|Gemfile|requirements[^/]*\.txt|pyproject\.toml|setup\.(py|cfg)|Pipfile|go\.mod|Cargo\.toml|composer\.json|pom\.xml|build\.gradle(\.kts)?|mix\.exs|pubspec\.yaml)$/i;

/** The outermost folder holding `path` that is not the product, if any (e.g. `test/fixtures/`). */
export function notProductFolder(path: string): string | undefined {
  return NOT_PRODUCT_FOLDER.exec(path)?.[1];
}

export function isProductFile(path: string): boolean {
  if (NOT_PRODUCT_FOLDER.test(path)) return false;
  return !(TEST_FOLDER.test(path) && MANIFEST.test(path));
}
