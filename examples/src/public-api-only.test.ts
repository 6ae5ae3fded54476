import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The examples are what a user copies, so they import what a user can: the packages' public
 * entries and subpaths. Neither a workspace-only `…/internal` subpath nor a package's sources by
 * path. Tests may reach test fixtures in packages (Chromium, a static server); programs may not.
 */

const EXAMPLES = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = /\.(ts|mts|js|mjs)$/;

const programs = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return programs(path);
    return SOURCE.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });

/** The specifiers of a file's static and dynamic imports and re-exports. */
const specifiers = (source: string): string[] =>
  [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map((match) => match[1]!);

const offLimits = (specifier: string): boolean => /^(@tickfold\/[^/]+|tickfold)\/internal(\/|$)/.test(specifier) || /(^|\/)packages\/[^/]+\/src\//.test(specifier);

describe("the examples", () => {
  it("finds imports the way the scan below reads them", () => {
    const sample = ['import { a } from "@tickfold/core/internal";', 'export { b } from "../../packages/core/src/index.js";', 'const c = await import("tickfold/internal");', 'import "@tickfold/core";', 'import { d } from "@tickfold/core/testing";'].join("\n");
    expect(specifiers(sample).filter(offLimits)).toEqual(["@tickfold/core/internal", "../../packages/core/src/index.js", "tickfold/internal"]);
  });

  it("import only the packages' public entries, never an internal subpath or a package's sources", () => {
    const found = programs(EXAMPLES).flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter(offLimits)
        .map((specifier) => `${relative(EXAMPLES, file)}: ${specifier}`),
    );
    expect(found).toEqual([]);
  });
});
