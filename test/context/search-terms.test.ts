import { describe, expect, it } from "vitest";
import { searchTerms } from "../../src/context/search-terms.js";

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

  it("keeps numbers and words with digits as they are", () => {
    expect(searchTerms("HTTP 404 on oauth2 callbacks")).toEqual(["http", "404", "oauth2", "callback"]);
  });

  it("trims the underscores and dollars around a name", () => {
    expect(searchTerms("__init__ $store _private")).toEqual(["init", "stor", "privat"]);
  });

  it("finds nothing in punctuation", () => {
    expect(searchTerms("-- ... !!! /// ")).toEqual([]);
  });
});
