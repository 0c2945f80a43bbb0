// Which of many keywords occur in a text, in one pass: gitleaks runs a rule only where one of its keywords
// occurs, and asking `includes` once per keyword (400 of them) scanned each file 400 times.

export class KeywordIndex {
  /** Keywords by their first three characters, packed into one number. */
  private readonly byTrigram = new Map<number, string[]>();
  /** One bit per trigram that starts a keyword: most positions are rejected without a Map lookup. */
  private readonly bits = new Uint32Array((1 << 21) / 32);
  /** Keywords too short (or not ASCII) for a trigram: checked with `includes`. */
  private readonly others: string[] = [];

  constructor(keywords: Iterable<string>) {
    for (const keyword of new Set(keywords)) {
      const gram = keyword.length >= 3 ? trigram(keyword, 0) : -1;
      if (gram < 0) {
        this.others.push(keyword);
        continue;
      }
      this.bits[gram >>> 5] = (this.bits[gram >>> 5] ?? 0) | (1 << (gram & 31));
      this.byTrigram.set(gram, [...(this.byTrigram.get(gram) ?? []), keyword]);
    }
  }

  /** The keywords present in `lower` (a lower-cased text). */
  present(lower: string): Set<string> {
    const found = new Set<string>(this.others.filter((keyword) => lower.includes(keyword)));
    for (let index = 0; index + 3 <= lower.length; index += 1) {
      const gram = trigram(lower, index);
      if (gram < 0 || ((this.bits[gram >>> 5] ?? 0) & (1 << (gram & 31))) === 0) continue;
      for (const keyword of this.byTrigram.get(gram) ?? []) {
        if (!found.has(keyword) && lower.startsWith(keyword, index)) found.add(keyword);
      }
    }
    return found;
  }
}

/** Three 7-bit characters as one 21-bit number; -1 when one of them is not ASCII. */
function trigram(text: string, index: number): number {
  const a = text.charCodeAt(index);
  const b = text.charCodeAt(index + 1);
  const c = text.charCodeAt(index + 2);
  if ((a | b | c) > 127) return -1;
  return (a << 14) | (b << 7) | c;
}
