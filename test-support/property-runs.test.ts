import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const SOURCE_DIRS = ["packages", "examples", "bench", "test-support"];
const SETTING = join(ROOT, "test-support", "property-runs.setup.ts");

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    // Properties live in tests; shipped code (checkStrategy) takes its run count from its caller.
    return entry.name.endsWith(".test.ts") && path !== SETTING ? [path] : [];
  });

describe("property run count", () => {
  it("is at least 1,000 for every property, from the one setting in test-support/property-runs.setup.ts", () => {
    expect(fc.readConfigureGlobal().numRuns).toBeGreaterThanOrEqual(1000);
    let runs = 0;
    fc.assert(fc.property(fc.integer(), () => void runs++));
    expect(runs).toBeGreaterThanOrEqual(1000);
  });

  it("is not overridden by any property: a numRuns option may only scale the shared setting", () => {
    const overrides = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          /numRuns\s*:/.test(line) && !/numRuns\s*:\s*fc\.readConfigureGlobal\(\)\.numRuns/.test(line) && !/fc\.sample\(/.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(overrides).toEqual([]);
  });

  it("reaches checkStrategy too: no test gives it a run count of its own, unless the test is about that count", () => {
    // checkStrategy takes fast-check's global numRuns when `runs` is absent. A literal `runs: N`
    // is allowed only where the same line asserts that count or an error about it.
    const literal = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (/\bruns:\s*\d/.test(line) && !/toMatchObject\(\{ runs: \d+ \}\)|\.rejects\./.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(literal).toEqual([]);
  });
});
