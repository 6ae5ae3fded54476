import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { WORKSPACE_ROOT, bundleCoreForBrowser } from "./core-bundle.test.fixture.js";
import { findImpurities, packageSourceFiles } from "./purity-scan.test.fixture.js";

/**
 * `@tickfold/core` must run anywhere and replay identically: no Node built-ins, no clock, no
 * randomness, no I/O in anything it ships, and nothing bundled besides its own three dependencies.
 */

const CORE_TSCONFIG = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));
const CORE_PACKAGE_JSON = new URL("../../package.json", import.meta.url);

/** Deliberately few: each one is checked to run in a browser. A new one should be a decision. */
const ALLOWED_DEPENDENCIES = ["fp-ts", "immer", "zod"];

describe("the purity scanner", () => {
  it("flags each forbidden pattern at its line, and leaves given instants and mentions alone", () => {
    const source = [
      'import { readFileSync } from "node:fs";',
      'import * as path from "path";',
      "const now = Date.now();",
      "const today = new Date();",
      "const roll = Math.random();",
      "const tick = performance.now();",
      'const env = process.env["X"];',
      "setTimeout(() => undefined, 1);",
      'const stamp = new Date(1700000000000).toISOString(); // Date.now() in a comment is fine',
      'const text = "Math.random() in a string is fine";',
      "const id = crypto.randomUUID();",
      'const mod = await import("node:crypto");',
      "const when = Date();",
    ].join("\n");
    expect(findImpurities("sample.ts", source)).toEqual([
      { line: 1, what: 'imports the Node built-in "node:fs"' },
      { line: 2, what: 'imports the Node built-in "path"' },
      { line: 3, what: "Date.now reads the clock" },
      { line: 4, what: "new Date() without an argument reads the clock" },
      { line: 5, what: "Math.random draws randomness" },
      { line: 6, what: "performance.now reads the clock" },
      { line: 7, what: "process is a Node global" },
      { line: 8, what: "setTimeout schedules on the host's clock" },
      { line: 11, what: "crypto.randomUUID draws randomness" },
      { line: 12, what: 'imports the Node built-in "node:crypto"' },
      { line: 13, what: "Date() called without new reads the clock" },
    ]);
  });
});

describe("the purity scanner on Node globals", () => {
  it("flags every way of reaching process, Buffer or require, the global object's members included", () => {
    const source = [
      "const env = (globalThis as { process?: { env?: object } }).process?.env;",
      'const bytes = globalThis["Buffer"];',
      "const { require: load } = globalThis;",
      "const host = process;",
      "report({ process });",
      'const kind = typeof Buffer === "function";',
      'const mod = require("./x.js");',
      "const send = self.fetch;",
      "const sink = window!.setTimeout;",
    ].join("\n");
    expect(findImpurities("sample.ts", source)).toEqual([
      { line: 1, what: "process is a Node global" },
      { line: 2, what: "Buffer is a Node global" },
      { line: 3, what: "require is a Node global" },
      { line: 4, what: "process is a Node global" },
      { line: 5, what: "process is a Node global" },
      { line: 6, what: "Buffer is a Node global" },
      { line: 7, what: "require is a Node global" },
      { line: 8, what: "fetch does I/O" },
      { line: 9, what: "setTimeout schedules on the host's clock" },
    ]);
  });

  it("leaves alone members of other objects, keys, declarations and types of the same names", () => {
    const source = [
      "const step = config.process;",
      "const shape = { process: 1, Buffer: 2 };",
      "interface Host { readonly process: string; require(): void }",
      "type Env = typeof process;",
      "const { process: own } = options;",
      'const text = "process.env and require() in a string";',
      "// globalThis.process in a comment",
    ].join("\n");
    expect(findImpurities("sample.ts", source)).toEqual([]);
  });
});

describe("@tickfold/core's shipped sources", () => {
  const files = packageSourceFiles(CORE_TSCONFIG);

  it("are the package's compiled files: sources, no tests, no test fixtures", () => {
    const names = files.map((file) => relative(WORKSPACE_ROOT, file));
    expect(names).toContain("packages/core/src/replay.ts");
    expect(names).toContain("packages/core/src/lifecycle/step.ts");
    expect(names.filter((name) => /\.(test|fixture)\.ts$/.test(name))).toEqual([]);
  });

  it("import no Node built-in and read no clock, randomness or I/O", () => {
    const impurities = files.flatMap((file) =>
      findImpurities(file, readFileSync(file, "utf8")).map(({ line, what }) => `${relative(WORKSPACE_ROOT, file)}:${line}: ${what}`),
    );
    expect(impurities).toEqual([]);
  });
});

describe("the browser bundle of @tickfold/core", () => {
  it("declares exactly the allowed dependencies", () => {
    const manifest = JSON.parse(readFileSync(CORE_PACKAGE_JSON, "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(ALLOWED_DEPENDENCIES);
  });

  it("draws only on core's sources and its allowed dependencies", async () => {
    const { metafile } = await bundleCoreForBrowser("esm");
    const inputs = Object.keys(metafile.inputs);
    const packages = new Set<string>();
    const strays: string[] = [];
    for (const input of inputs) {
      const name = packageOf(input);
      if (name !== null && ALLOWED_DEPENDENCIES.includes(name)) packages.add(name);
      else if (name !== null || !input.startsWith("packages/core/src/")) strays.push(input);
    }
    expect(strays).toEqual([]);
    // Each dependency really is in the bundle: the check above is not passing on an empty input list.
    expect([...packages].sort()).toEqual(ALLOWED_DEPENDENCIES);
  });
});

/** The npm package an input path lies in (after its last node_modules), or null outside node_modules. */
const packageOf = (input: string): string | null => {
  const marker = "node_modules/";
  const at = input.lastIndexOf(marker);
  if (at < 0) return null;
  const [scopeOrName, name] = input.slice(at + marker.length).split("/");
  return scopeOrName?.startsWith("@") ? `${scopeOrName}/${name}` : (scopeOrName ?? null);
};
