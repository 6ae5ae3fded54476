// `pnpm build:browser`: bundles the page and its worker (with @tickfold/core from its sources) for
// the browser and writes the recorded session beside them as a journal, in examples/browser/dist/.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { embedStreams } from "../embed/scenario.js";
import type { Recording } from "../embed/record.js";
import { encodeJournalLine, type JournalEntry } from "@tickfold/core";

export const BROWSER_PAGE_DIST = fileURLToPath(new URL("../../browser/dist/", import.meta.url));
const PAGE_DIR = fileURLToPath(new URL("../../browser/page/", import.meta.url));

/** The recorded session as the page fetches it. */
export const RECORDING_FILE = "recording.jsonl";

/** A recording as a journal: the header with its params, then every input, one line each. */
export const journalOf = ({ params, inputs }: Recording): string =>
  [{ type: "header", format: "tickfold-journal", version: 1, params } satisfies JournalEntry, ...inputs.map((input): JournalEntry => ({ type: "input", input }))]
    .map((entry) => `${encodeJournalLine(entry)}\n`)
    .join("");

/** Builds the page; returns the recording it ships, so a caller can replay the same one in Node. */
export const buildBrowserPage = async (): Promise<Recording> => {
  rmSync(BROWSER_PAGE_DIST, { recursive: true, force: true });
  mkdirSync(BROWSER_PAGE_DIST, { recursive: true });
  await build({
    entryPoints: { page: fileURLToPath(new URL("page.ts", import.meta.url)), worker: fileURLToPath(new URL("worker.ts", import.meta.url)) },
    outdir: BROWSER_PAGE_DIST,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: true,
    logLevel: "warning",
  });
  for (const name of ["index.html", "favicon.svg"]) copyFileSync(`${PAGE_DIR}${name}`, `${BROWSER_PAGE_DIST}${name}`);
  // The whole session: it ends stopped and idle, after every kind of position and milestone.
  const recording = embedStreams()[0]!;
  writeFileSync(`${BROWSER_PAGE_DIST}${RECORDING_FILE}`, journalOf(recording));
  return recording;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildBrowserPage();
  console.log(`built ${BROWSER_PAGE_DIST} (serve it, open index.html)`);
}
