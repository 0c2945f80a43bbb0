import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STOPWORDS, searchTerms, tokenTerms, wholeTerm } from "../../src/context/search-terms.js";

describe("searchTerms", () => {
  it("keeps an identifier whole and adds its words, so prose and code meet", () => {
    expect(searchTerms("getUserById")).toEqual(["getuserbyid", "user", "id"]);
    expect(searchTerms("due_date")).toEqual(["due_dat", "due", "date"]);
  });

  it("splits an acronym from the word after it", () => {
    expect(searchTerms("parseHTTPResponse")).toEqual(["parsehttprespons", "pars", "http", "respons"]);
  });

  it("drops stopwords, one-letter words and the keywords every file has", () => {
    expect(searchTerms("Add a new function that should return the total of x")).toEqual(["total"]);
  });

  it("stems plural and inflected forms to the same term", () => {
    for (const [a, b] of [
      ["invoices", "invoice"],
      ["uploaded", "upload"],
      ["caching", "cache"],
      ["categories", "category"],
      ["addresses", "address"],
    ] as const) {
      expect(searchTerms(a)).toEqual(searchTerms(b));
    }
  });

  it("keeps words with digits and HTTP statuses, and leaves other numbers out (versions, line numbers, ports)", () => {
    expect(searchTerms("HTTP 404 on oauth2 callbacks")).toEqual(["http", "404", "oauth2", "callback"]);
    expect(searchTerms("127.0.0.1:6379, 1.6.7, 12345, 200ms")).toEqual(["ms"]);
    expect(searchTerms("at listen (lib/application.js:127:13) on Node 18.19.0, port 80")).toEqual([
      "listen",
      "lib",
      "application",
      "js",
      "node",
      "port",
    ]);
  });

  it("trims the underscores and dollars around a name", () => {
    expect(searchTerms("__init__ $store _private")).toEqual(["init", "stor", "privat"]);
  });

  it("finds nothing in punctuation", () => {
    expect(searchTerms("-- ... !!! /// ")).toEqual([]);
  });
});

// The rules as regular expressions, as tokenTerms first wrote them (with the same stopwords): the character-code
// version must split and stem every token the same way.
function oracleStem(term: string): string {
  if (term.length <= 4 || /\d/.test(term)) return term;
  return term
    .replace(/ies$/, "y")
    .replace(/(ss)es$/, "$1")
    .replace(/([^s])s$/, "$1")
    .replace(/(..)(ing|ed)$/, "$1")
    .replace(/(..)e$/, "$1");
}

function oracleTerms(raw: string): string[] {
  const parts = raw
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_$]+/)
    .filter(Boolean);
  const whole = raw.toLowerCase().replace(/^[_$]+|[_$]+$/g, "");
  const terms = whole.length >= 2 && !STOPWORDS.has(whole) ? [oracleStem(whole)] : [];
  if (parts.length > 1)
    for (const part of parts) {
      const lower = part.toLowerCase();
      if (lower.length >= 2 && lower !== whole && !STOPWORDS.has(lower)) terms.push(oracleStem(lower));
    }
  return terms;
}

describe("tokenTerms", () => {
  it("splits words at separators, case changes after a letter or digit, and the end of an acronym", () => {
    expect(tokenTerms("XMLHttpRequest")).toEqual(["xmlhttprequest", "xml", "http", "request"]);
    expect(tokenTerms("oauth2Client")).toEqual(["oauth2client", "oauth2", "client"]);
    expect(tokenTerms("$$store__items$")).toEqual(["store__item", "stor", "item"]);
    expect(tokenTerms("ABCdEFg")).toEqual(["abcdefg", "ab", "cd", "fg"]);
    expect(tokenTerms("404")).toEqual(["404"]);
    expect(tokenTerms("__")).toEqual([]);
  });

  it("stems as the suffix rules say, in turn", () => {
    expect(
      ["categories", "addresses", "classes", "glass", "uploaded", "caching", "cached", "bed", "queue"].map(
        (word) => tokenTerms(word)[0],
      ),
    ).toEqual(["category", "address", "class", "glass", "upload", "cach", "cach", "bed", "queu"]);
    expect(wholeTerm("_Invoices_")).toBe("invoic");
  });

  it("gives every token the terms of the regular-expression rules", () => {
    const token = fc
      .array(fc.constantFrom(..."aAbBeEgGiIdDsSnNyYzZ019_$"), { minLength: 1, maxLength: 14 })
      .map((chars) => chars.join(""));
    fc.assert(
      fc.property(token, (raw) => {
        expect(tokenTerms(raw)).toEqual(oracleTerms(raw));
      }),
      { numRuns: 5_000 },
    );
    const words = [
      "tieing",
      "freed",
      "categories",
      "Addresses",
      "uploading",
      "HTMLParser",
      "getUserByID",
      "v2Api",
      "READ_ME",
      "s",
      "es",
    ];
    for (const word of words) expect(tokenTerms(word)).toEqual(oracleTerms(word));
  });
});
