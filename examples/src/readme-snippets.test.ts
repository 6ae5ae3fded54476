import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every TypeScript snippet of every README runs here as written: a reader who copies one gets a
 * program that works. A program snippet is written to a file beside the examples (so its imports
 * resolve like a user's) and imported. A test snippet (it calls `it`/`describe`, as a property test
 * of a strategy does) cannot run inside this test: it must be checked in, verbatim, as a test file
 * under `examples/src/readme/`, where the suite runs it.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "examples", ".snippets");

const readmes = (): string[] => {
  const found = [join(root, "README.md")];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "README.md") found.push(path);
    }
  };
  walk(join(root, "packages"));
  return found;
};

const TEST_COPIES = join(root, "examples", "src", "readme");
const isTestSnippet = (code: string): boolean => /^\s*(it|test|describe)\(/m.test(code);
const normalised = (code: string): string => code.trim().replace(/\r\n/g, "\n");
const testCopies = (): Map<string, string> => {
  const copies = new Map<string, string>();
  for (const name of readdirSync(TEST_COPIES)) {
    if (name.endsWith(".test.ts")) copies.set(normalised(readFileSync(join(TEST_COPIES, name), "utf8")), name);
  }
  return copies;
};

const snippetsOf = (markdown: string): Array<{ line: number; code: string }> => {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith("```")) end++;
    blocks.push({ line: start, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
};

describe("README snippets run as written", () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const all = readmes().flatMap((readme) => snippetsOf(readFileSync(readme, "utf8")).map((snippet) => ({ readme: relative(root, readme), ...snippet })));

  it("finds the snippets", () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  const copies = testCopies();
  for (const { readme, line, code } of all) {
    if (isTestSnippet(code)) {
      it(`${readme}:${line} is checked in verbatim as a test under examples/src/readme/`, () => {
        expect(copies.has(normalised(code)), `copy this snippet into examples/src/readme/<name>.test.ts`).toBe(true);
      });
      continue;
    }
    it(`${readme}:${line}`, async () => {
      const file = join(out, `${readme.replace(/[^A-Za-z0-9]+/g, "_")}_${line}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      await import(pathToFileURL(file).href);
    }, 120_000);
  }
});
