import { describe, expect, it } from "vitest";
import { definitionRanges } from "../../src/context/definition-ranges.js";

const ranges = (source: string, ...names: string[]) =>
  definitionRanges(source.split("\n"), names).map(
    ({ name, start, end }) => `${name} ${start + 1}-${end + 1}`,
  );

describe("definitionRanges", () => {
  it("reads a TypeScript function, a method, an arrow function and an interface to their closing braces", () => {
    const source = [
      "import { x } from './x';", // 1
      "/** Doc. */", // 2
      "export function load(id: string): Item {", // 3
      "  const map = { a: '}' };", // 4
      "  return map;", // 5
      "}", // 6
      "class Store {", // 7
      "  async save(item: Item): Promise<void> {", // 8
      "    if (item) {", // 9
      "      await load(item.id);", // 10
      "    }", // 11
      "  }", // 12
      "}", // 13
      "export const render = (props: Props) => {", // 14
      "  return null;", // 15
      "};", // 16
      "interface Item {", // 17
      "  id: string;", // 18
      "}", // 19
    ].join("\n");
    expect(ranges(source, "load", "save", "render", "Item")).toEqual([
      "load 2-6",
      "save 8-12",
      "render 14-16",
      "Item 17-19",
    ]);
  });

  it("does not take a call, a return or an await for a definition", () => {
    const source = [
      "const a = load(1);",
      "return load(2);",
      "await load(3)",
      "if (load(4)) {",
      "}",
      "x.load(5) {",
    ].join("\n");
    expect(ranges(source, "load")).toEqual([]);
  });

  it("reads Python blocks by indentation, with their decorators", () => {
    const source = [
      "@app.route('/x')", // 1
      "def handler(request):", // 2
      "    data = {'a': 1}", // 3
      "", // 4
      "    return data", // 5
      "", // 6
      "class Model(Base):", // 7
      "    name = Column()", // 8
      "x = handler(1)", // 9
    ].join("\n");
    expect(ranges(source, "handler", "Model")).toEqual(["handler 1-5", "Model 7-8"]);
  });

  it("reads Go functions, methods with receivers and struct types", () => {
    const source = [
      "// Parse reads a config.", // 1
      "func Parse(data []byte) (*Config, error) {", // 2
      "\treturn nil, nil", // 3
      "}", // 4
      "func (c *Config) Validate() error {", // 5
      "\treturn nil", // 6
      "}", // 7
      "type Config struct {", // 8
      "\tName string", // 9
      "}", // 10
    ].join("\n");
    expect(ranges(source, "Parse", "Validate", "Config")).toEqual([
      "Parse 1-4",
      "Validate 5-7",
      "Config 8-10",
    ]);
  });

  it("reads Rust functions, impl blocks and attributes", () => {
    const source = [
      "#[derive(Debug)]", // 1
      "pub struct Opts {", // 2
      "    pub max: usize,", // 3
      "}", // 4
      "impl<T> Walker<T> {", // 5
      "    pub fn run(&self) -> Result<()> {", // 6
      '        let s = "{";', // 7
      "        Ok(())", // 8
      "    }", // 9
      "}", // 10
    ].join("\n");
    expect(ranges(source, "Opts", "Walker", "run")).toEqual(["Opts 1-4", "Walker 5-10", "run 6-9"]);
  });

  it("reads Java, C and C++ signatures, with Allman braces; a prototype is no definition", () => {
    const source = [
      "public class Parser {", // 1
      "    public static int parseInt(String s, int radix)", // 2
      "    {", // 3
      "        return 0;", // 4
      "    }", // 5
      "}", // 6
      "static jv jv_parse(const char *s);", // 7
      "static jv jv_parse(const char *s) {", // 8
      "  /* { not a brace */", // 9
      "  return jv_null();", // 10
      "}", // 11
      "void Buffer::grow(size_t n) {", // 12
      "}", // 13
    ].join("\n");
    expect(ranges(source, "parseInt", "jv_parse", "grow")).toEqual([
      "parseInt 2-5",
      "jv_parse 8-11",
      "grow 12-13",
    ]);
  });

  it("does not take a raise, a yield from, a match, an import or a trait's impl for a definition", () => {
    const source = [
      'raise ConfigError("x")',
      "yield from walk(x)",
      "async with session(c) as s:",
      "match parse(x) {",
      "}",
      "export default defineConfig({",
      "});",
      "import type Visitor from './visitor';",
      "impl Visitor for Printer {",
      "}",
    ].join("\n");
    expect(ranges(source, "ConfigError", "walk", "session", "parse", "defineConfig", "Visitor")).toEqual([]);
    expect(ranges(source, "Printer")).toEqual(["Printer 9-10"]);
  });

  it("reads a signature written over several lines to the end of its body", () => {
    const python = [
      "def load(",
      "    path: str,",
      "    strict: bool,",
      ") -> Config:",
      "    return parse(path)",
      "",
      "x = 1",
    ];
    expect(ranges(python.join("\n"), "load")).toEqual(["load 1-5"]);
    const rust = [
      "pub fn blend(",
      ...Array.from({ length: 7 }, (_, i) => `    p${i}: u8,`),
      ") -> u8 {",
      "    0",
      "}",
    ];
    expect(ranges(rust.join("\n"), "blend")).toEqual(["blend 1-11"]);
  });

  it("ignores a name in a comment and caps a runaway body", () => {
    expect(ranges("// the type Config holds", "Config")).toEqual([]);
    const runaway = ["function big() {", ...Array.from({ length: 500 }, () => "  x();")].join("\n");
    expect(ranges(runaway, "big")).toEqual(["big 1-201"]);
  });
});
