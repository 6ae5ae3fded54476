import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleCoreForBrowser, gzippedBytes, type CoreBundle } from "./core-bundle.test.fixture.js";

/**
 * Users embed the reducers in pages and workers, so what core costs them is a budget: the whole
 * `@tickfold/core` entry, minified for the browser, stays within 40 KB gzipped (1 KB = 1,000 bytes,
 * zlib's default level). A replay-only import is measured as well: it must not pay for what replay
 * does not use, and so is a journal-replaying one. The README's "Bundle size" table states these
 * three measurements, and a test holds it to them.
 */

const LIMIT_GZIPPED_BYTES = 40_000;
const REPLAY_ONLY = 'export { replayLifecycle, serializeReplay } from "@tickfold/core";';
const JOURNAL_REPLAY = 'export { replayJournal, fingerprintReplay } from "@tickfold/core";';
const README = new URL("../../../../README.md", import.meta.url);
/**
 * How far a README figure may be from today's measurement. The README rounds to 0.1 KB; the slack
 * lets small changes through while a change that moves a figure noticeably must re-measure it.
 */
const README_RELATIVE_SLACK = 0.03;

/** Inputs that put code into the bundle (not merely read and shaken out) whose path contains `fragment`. */
const inputsUnder = (bundle: CoreBundle, fragment: string): string[] =>
  Object.values(bundle.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && input.includes(fragment))
      .map(([input]) => input),
  );

let whole: CoreBundle;
let replayOnly: CoreBundle;
let journalReplay: CoreBundle;

beforeAll(async () => {
  [whole, replayOnly, journalReplay] = await Promise.all([
    bundleCoreForBrowser("esm", { minify: true }),
    bundleCoreForBrowser("esm", { minify: true, source: REPLAY_ONLY }),
    bundleCoreForBrowser("esm", { minify: true, source: JOURNAL_REPLAY }),
  ]);
});

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

/** The README's "Bundle size" row whose first cell contains `marker`: its minified and gzipped KB. */
const readmeRow = (readme: string, marker: string): { minified: number; gzipped: number } | undefined => {
  const row = readme.split("\n").find((line) => line.startsWith("|") && line.split("|")[1]?.includes(marker));
  const cells = row?.split("|").map((cell) => cell.trim());
  const figure = (cell: string | undefined) => Number(/^([\d.]+) KB$/.exec(cell ?? "")?.[1] ?? Number.NaN) * 1000;
  return cells === undefined ? undefined : { minified: figure(cells[2]), gzipped: figure(cells[3]) };
};

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

  it("is what the README's 'Bundle size' table states, for each of its three imports", () => {
    const readme = readFileSync(README, "utf8");
    const rows = [
      { marker: "the whole entry", bundle: whole },
      { marker: "replayLifecycle, serializeReplay", bundle: replayOnly },
      { marker: "replayJournal, fingerprintReplay", bundle: journalReplay },
    ].map(({ marker, bundle }) => {
      const measured = { minified: Buffer.byteLength(bundle.code), gzipped: gzippedBytes(bundle) };
      const stated = readmeRow(readme, marker);
      const close = (s: number | undefined, m: number) => s !== undefined && Math.abs(s - m) <= README_RELATIVE_SLACK * m;
      const agrees = close(stated?.minified, measured.minified) && close(stated?.gzipped, measured.gzipped);
      // On failure the message carries the measured row, ready to paste.
      return agrees ? "agrees" : `${marker}: README ${stated ? `${kb(stated.minified)} / ${kb(stated.gzipped)}` : "has no row"}, measured ${kb(measured.minified)} | ${kb(measured.gzipped)}`;
    });
    expect(rows).toEqual(["agrees", "agrees", "agrees"]);
  });

  it("leaves the risk reducer's Immer out of a replay-only import", () => {
    expect(inputsUnder(whole, "node_modules/immer/")).not.toEqual([]);
    expect(inputsUnder(replayOnly, "node_modules/immer/")).toEqual([]);
  });
});
