// An index's parts narrowed to some of its documents. A commit's files are indexed on a worker thread as its
// tarball streams, before the listing says which of them the context may read (a .gitignore or `context.exclude`
// leaves some out, a file with NUL bytes is binary): the index is then narrowed to the files read, with the same
// statistics, postings and document order as an index built of those files alone.
import { FIELDS, type FieldPostings, type IndexParts } from "./term-index.js";

/**
 * The parts of `wanted`'s documents alone, numbered in `wanted`'s order; undefined when a wanted path was not
 * indexed or `wanted` lists the documents in another order than they were added (then the caller builds anew).
 */
export function keepDocuments(parts: IndexParts, wanted: readonly string[]): IndexParts | undefined {
  const remap = positions(parts.paths, wanted);
  if (!remap) return undefined;
  if (wanted.length === parts.paths.length) return parts;
  const lengths = { path: [] as number[], content: [] as number[] };
  const average = { path: 0, content: 0 };
  for (const field of FIELDS) {
    parts.lengths[field].forEach((distinct, doc) => {
      if ((remap[doc] as number) < 0) return;
      const kept = lengths[field].length;
      // The running mean as the builder computes it, so the scores are those of an index of these files alone.
      average[field] = (average[field] * kept + distinct) / (kept + 1);
      lengths[field].push(distinct);
    });
  }
  return {
    paths: [...wanted],
    lengths,
    average,
    postings: { path: narrow(parts.postings.path, remap), content: narrow(parts.postings.content, remap) },
  };
}

/** Each indexed document's number among `wanted` (-1 when left out), or undefined when they do not line up. */
function positions(paths: readonly string[], wanted: readonly string[]): Int32Array | undefined {
  const remap = new Int32Array(paths.length).fill(-1);
  let at = 0;
  for (let next = 0; next < wanted.length; next += 1) {
    while (at < paths.length && paths[at] !== wanted[next]) at += 1;
    if (at === paths.length) return undefined;
    remap[at] = next;
    at += 1;
  }
  return remap;
}

/** The postings of the kept documents, renumbered; each term's documents stay in order. */
function narrow(postings: FieldPostings, remap: Int32Array): FieldPostings {
  const { ids, starts, docs, counts } = postings;
  const terms = ids.size;
  let total = 0;
  for (let at = 0; at < docs.length; at += 1) if ((remap[docs[at] as number] as number) >= 0) total += 1;
  const keptStarts = new Int32Array(terms + 1);
  const keptDocs = new Int32Array(total);
  const keptCounts = new Int32Array(total);
  let written = 0;
  for (let term = 0; term < terms; term += 1) {
    keptStarts[term] = written;
    for (let at = starts[term] as number; at < (starts[term + 1] as number); at += 1) {
      const doc = remap[docs[at] as number] as number;
      if (doc < 0) continue;
      keptDocs[written] = doc;
      keptCounts[written] = counts[at] as number;
      written += 1;
    }
  }
  keptStarts[terms] = written;
  return { ids, starts: keptStarts, docs: keptDocs, counts: keptCounts };
}
