// Splits text and code into search terms: identifiers are kept whole and split into their words
// (getUserById -> getuserbyid, get, user, by, id), so prose and code meet.
import { ownString } from "./own-string.js";

/** Words too common to tell files apart: never a term. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be but by for from has have if in into is it its of on or that the their then there these " +
    "this to was we were will with would should could can not no yes you your our i me my so do does did when what " +
    "which who how why all any some more most other such only own same than too very just also about after before " +
    "while where up down out over under again new use using used add added get set make need needs want like " +
    "const let var function return import export default true false null undefined class def end self this"
  ).split(" "),
);

/** A token's split terms, by token: kept while many texts are split (a build of a commit's index). */
export type SplitCache = Map<string, readonly string[]>;

// Bare numbers are left out: versions, addresses, line and column numbers of a stack trace, ports and counts match
// any file with the same digits (`80`, `127`, `18`) and say nothing of what the issue is about. A standalone HTTP
// status (`204`, `404`) is kept: code that handles it names it.
const TOKEN = /[A-Za-z_$][A-Za-z0-9_$]*|(?<![\w.:])[1-5]\d\d(?![\w:]|\.\d)/g;
/**
 * The tokens of a text whose dots, slashes and dashes count as spaces (as `countIndexTerms` reads it): a number
 * after or before a dot stands alone there. The same tokens as TOKEN over the text with those characters replaced,
 * without the copy.
 */
const INDEX_TOKEN = /[A-Za-z_$][A-Za-z0-9_$]*|(?<![\w:])[1-5]\d\d(?![\w:])/g;

export function searchTerms(text: string, cache: SplitCache = SPLIT_CACHE): string[] {
  const terms: string[] = [];
  for (const raw of text.match(TOKEN) ?? []) for (const term of splitOf(raw, cache)) terms.push(term);
  return terms;
}

/**
 * The tokens of a text read with its dots, slashes, backslashes and dashes as spaces (how the index reads a file and
 * a path), without copying the text: `tokenTerms` of each are its search terms.
 */
export function indexTokens(text: string): string[] {
  return text.match(INDEX_TOKEN) ?? [];
}

function splitOf(raw: string, cache: SplitCache): readonly string[] {
  let split = cache.get(raw);
  if (!split) {
    // A token matched in a file's text: the cache outlives the text, so it keeps a copy.
    const own = ownString(raw);
    split = tokenTerms(own);
    // Code repeats its identifiers: a repository of thousands of files has far fewer distinct tokens. The cache
    // is bounded so a repository of random tokens cannot grow it without end.
    if (cache.size >= SPLIT_CACHE_MAX) cache.clear();
    cache.set(own, split);
  }
  return split;
}

// The process's cache, for queries and excerpts; an index build brings its own, dropped with it (70 MB on
// payloadcms/payload's 8,900 files).
const SPLIT_CACHE: SplitCache = new Map();
const SPLIT_CACHE_MAX = 200_000;

/**
 * The term an identifier is indexed under as a whole (`getUserById` -> `getuserbyid`), or undefined when it is too
 * short or a stopword: every text where the identifier stands as a token holds this term.
 */
export function wholeTerm(identifier: string): string | undefined {
  const whole = trimmedLower(identifier);
  return whole.length >= 2 && !STOPWORDS.has(whole) ? stem(whole) : undefined;
}

/**
 * One token's stemmed search terms: the whole identifier, then its words when it has several. `raw` is a token as
 * TOKEN or INDEX_TOKEN match it (ASCII letters, digits, `_` and `$`). Words end at `_` and `$`, before an upper-case
 * letter that follows a lower-case letter or a digit (`getUser`, `oauth2Client`), and before the last capital of a
 * run that a lower-case letter follows (`HTTPResponse`). Every distinct token of a commit goes through here once
 * while its index is built (85,000 on payloadcms/payload), so this reads character codes rather than running a
 * chain of regular expressions per token.
 */
export function tokenTerms(raw: string): readonly string[] {
  const terms: string[] = [];
  const whole = trimmedLower(raw);
  if (whole.length >= 2 && !STOPWORDS.has(whole)) terms.push(stem(whole));
  const parts = wordsOf(raw);
  if (parts.length > 1) {
    for (const part of parts) {
      const lower = part.toLowerCase();
      if (lower.length >= 2 && lower !== whole && !STOPWORDS.has(lower)) terms.push(stem(lower));
    }
  }
  return terms;
}

const UNDERSCORE = 95;
const DOLLAR = 36;
const isSeparator = (code: number) => code === UNDERSCORE || code === DOLLAR;
const isUpper = (code: number) => code >= 65 && code <= 90;
const isLower = (code: number) => code >= 97 && code <= 122;
const isDigit = (code: number) => code >= 48 && code <= 57;

/** The token lower-cased, without the `_` and `$` around it. */
function trimmedLower(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isSeparator(raw.charCodeAt(start))) start += 1;
  while (end > start && isSeparator(raw.charCodeAt(end - 1))) end -= 1;
  return raw.slice(start, end).toLowerCase();
}

/** The token's words, in order (see tokenTerms). */
function wordsOf(raw: string): string[] {
  const words: string[] = [];
  let start = 0;
  for (let at = 0; at < raw.length; at += 1) {
    const code = raw.charCodeAt(at);
    if (isSeparator(code)) {
      if (at > start) words.push(raw.slice(start, at));
      start = at + 1;
    } else if (at > start && isUpper(code)) {
      const before = raw.charCodeAt(at - 1);
      const acronymEnd = isUpper(before) && isLower(raw.charCodeAt(at + 1));
      if (isLower(before) || isDigit(before) || acronymEnd) {
        words.push(raw.slice(start, at));
        start = at;
      }
    }
  }
  if (raw.length > start) words.push(raw.slice(start));
  return words;
}

/**
 * A light suffix stripper: invoices/invoice, exported/export, caching/cache. In turn: `ies` becomes `y`, `sses`
 * `ss`, a final `s` not after another `s` goes, then `ing` or `ed` after two letters, then `e` after two.
 */
function stem(term: string): string {
  if (term.length <= 4 || /\d/.test(term)) return term;
  let stemmed = term;
  if (stemmed.endsWith("ies")) stemmed = `${stemmed.slice(0, -3)}y`;
  if (stemmed.endsWith("sses")) stemmed = stemmed.slice(0, -2);
  else if (stemmed.endsWith("s") && !stemmed.endsWith("ss")) stemmed = stemmed.slice(0, -1);
  if (stemmed.endsWith("ing") && stemmed.length >= 5) stemmed = stemmed.slice(0, -3);
  else if (stemmed.endsWith("ed") && stemmed.length >= 4) stemmed = stemmed.slice(0, -2);
  if (stemmed.endsWith("e") && stemmed.length >= 3) stemmed = stemmed.slice(0, -1);
  return stemmed;
}
