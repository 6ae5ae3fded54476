import { beforeAll, describe, expect, it } from "vitest";
import { bundleCoreForBrowser, gzippedBytes, type CoreBundle } from "./core-bundle.test.fixture.js";

/**
 * Users embed the reducers in pages and workers, so what core costs them is a budget: the whole
 * `@tickfold/core` entry, minified for the browser, stays within 40 KB gzipped (1 KB = 1,000 bytes,
 * zlib's default level). A replay-only import is measured as well: it must not pay for what replay
 * does not use. The README's "Bundle size" figures are these measurements.
 */

const LIMIT_GZIPPED_BYTES = 40_000;
const REPLAY_ONLY = 'export { replayLifecycle, serializeReplay } from "@tickfold/core";';

/** Inputs that put code into the bundle (not merely read and shaken out) whose path contains `fragment`. */
const inputsUnder = (bundle: CoreBundle, fragment: string): string[] =>
  Object.values(bundle.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && input.includes(fragment))
      .map(([input]) => input),
  );

let whole: CoreBundle;
let replayOnly: CoreBundle;

beforeAll(async () => {
  [whole, replayOnly] = await Promise.all([
    bundleCoreForBrowser("esm", { minify: true }),
    bundleCoreForBrowser("esm", { minify: true, source: REPLAY_ONLY }),
  ]);
});

describe("the minified browser bundle of @tickfold/core", () => {
  it("is at most 40 KB gzipped for the whole entry", () => {
    expect(gzippedBytes(whole)).toBeLessThanOrEqual(LIMIT_GZIPPED_BYTES);
  });

  it("is at most 40 KB gzipped for a replay-only import, and smaller than the whole entry", () => {
    expect(gzippedBytes(replayOnly)).toBeLessThanOrEqual(LIMIT_GZIPPED_BYTES);
    expect(gzippedBytes(replayOnly)).toBeLessThan(gzippedBytes(whole));
  });

  it("uses zod/mini and fp-ts's tree-shakeable build, never classic zod or fp-ts/lib", () => {
    // Classic zod alone is ~450 KB minified and fp-ts/lib is CommonJS that bundles whole: either
    // one back in the bundle (an `import { z } from "zod"` in a core file) breaks the budget.
    expect(inputsUnder(whole, "zod/v4/mini/")).not.toEqual([]);
    expect(inputsUnder(whole, "zod/v4/classic/")).toEqual([]);
    expect(inputsUnder(whole, "fp-ts/es6/")).not.toEqual([]);
    expect(inputsUnder(whole, "fp-ts/lib/")).toEqual([]);
  });

  it("leaves the risk reducer's Immer out of a replay-only import", () => {
    expect(inputsUnder(whole, "node_modules/immer/")).not.toEqual([]);
    expect(inputsUnder(replayOnly, "node_modules/immer/")).toEqual([]);
  });
});
