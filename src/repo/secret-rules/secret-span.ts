// What every secret rule reports: where a credential sits in a text and what kind it is.

export interface SecretSpan {
  start: number;
  end: number;
  /** Kind of secret, shown in the replacement (`[REDACTED <kind>]`) and in the operator's log. */
  kind: string;
  /** The replacement names the kind (`[REDACTED Stripe key]`) or only hides the value (`[REDACTED]`). */
  named: boolean;
}

/** The text to search, lower-cased once, and which of the rules' keywords it holds (see KeywordIndex). */
interface SearchText {
  text: string;
  lower: string;
  keywords: ReadonlySet<string>;
}

export type SecretRule = (search: SearchText) => SecretSpan[];

/** Bits per character: random keys score high, words and repeated characters low. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** The span of capture group `group` of a match made with the `d` flag, or of the whole match. */
export function groupSpan(match: RegExpExecArray, group: number): [number, number] | undefined {
  const range = match.indices?.[group];
  if (!range) return undefined;
  return range[1] > range[0] ? range : undefined;
}
