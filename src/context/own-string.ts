// Strings kept beyond the text they were found in. In V8 a substring (a token a regular expression matched, a
// slice) can point into the text it came from rather than copy its characters, and so keeps that whole text alive
// for as long as the substring lives: a table of a commit's distinct tokens kept as found would hold most of the
// commit's files (35 MB of payloadcms/payload's 41 MB of texts while its index was built).

/** `text` with characters of its own (exactly the same code units), for keys kept longer than the text read. */
export function ownString(text: string): string {
  // Shorter substrings are copies already in V8; JSON keeps every code unit, lone surrogates included.
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
