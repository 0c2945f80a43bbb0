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
