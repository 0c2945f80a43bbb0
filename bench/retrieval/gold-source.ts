// Which changed files count as gold: source code, not tests, docs, fixtures, generated or configuration files.
const SOURCE = /\.(m|c)?(t|j)sx?$|\.(py|rb|go|rs|php|java|kt|vue|svelte|astro|prisma|sql|graphql)$/;
const NOT_GOLD =
  /(^|\/)(__tests__|tests?|spec|e2e|fixtures?|__snapshots__|examples?|docs?|scripts?)\/|\.(test|spec|e2e|d)\.[a-z]+$|_test\.(go|py|rb)$|(^|\/)test_[^/]+\.py$|(^|\/)(translations|locales?|i18n)\/|\.config\.(t|j|mj|cj)s$/;

export function isGoldSource(path: string): boolean {
  return SOURCE.test(path) && !NOT_GOLD.test(path);
}
