import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { Recording } from "../../../../examples/src/embed/record.js";
import type { StaticFile } from "./static-server.test.fixture.js";

const PAGE_DIR = new URL("../../../../examples/browser/", import.meta.url);
const JS = "text/javascript; charset=utf-8";

/** The example page, its script, and the two core bundles it loads, keyed by URL path. */
export const replayPageFiles = (bundles: { readonly esm: string; readonly iife: string }): Map<string, StaticFile> =>
  new Map([
    ["/index.html", { contentType: "text/html; charset=utf-8", body: readFileSync(new URL("index.html", PAGE_DIR), "utf8") }],
    ["/replay-page.js", { contentType: JS, body: readFileSync(new URL("replay-page.js", PAGE_DIR), "utf8") }],
    ["/tickfold.js", { contentType: JS, body: bundles.esm }],
    ["/tickfold.iife.js", { contentType: JS, body: bundles.iife }],
  ]);

/** What `examples/browser/replay-page.js` puts on `window`. */
interface PageReplay {
  readonly onMainThread: (streams: ReadonlyArray<Recording>) => string[];
  readonly inWorker: (streams: ReadonlyArray<Recording>) => Promise<string[]>;
  readonly fingerprintJournal: (journal: string) => string;
  readonly fingerprintJournalInWorker: (journal: string) => Promise<string>;
}
type PageWindow = Window & { tickfoldReplay?: PageReplay };

export interface ReplayPage {
  readonly onMainThread: (streams: ReadonlyArray<Recording>) => Promise<string[]>;
  readonly inWorker: (streams: ReadonlyArray<Recording>) => Promise<string[]>;
  /** A journal's text (JSONL) replayed to its fingerprint, on the main thread or in a worker. */
  readonly fingerprintJournal: (journal: string) => Promise<string>;
  readonly fingerprintJournalInWorker: (journal: string) => Promise<string>;
}

/**
 * Opens the page and waits for its script to load the ESM bundle. A script that fails to load is
 * reported with the page's own errors instead of a bare timeout. Streams travel through
 * Playwright's serialiser, which keeps NaN, Infinity and -0 that JSON would lose.
 */
export const openReplayPage = async (browser: Browser, url: string): Promise<ReplayPage> => {
  const page: Page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto(new URL("index.html", url).href);
  try {
    await page.waitForFunction(() => (window as PageWindow).tickfoldReplay !== undefined, undefined, { timeout: 10_000 });
  } catch (error) {
    throw new Error(`The replay page never became ready (${String(error)}); ${problems.join("; ") || "no page errors"}`);
  }
  return {
    onMainThread: (streams) => page.evaluate((s) => (window as PageWindow).tickfoldReplay!.onMainThread(s), streams),
    inWorker: (streams) => page.evaluate((s) => (window as PageWindow).tickfoldReplay!.inWorker(s), streams),
    fingerprintJournal: (journal) => page.evaluate((j) => (window as PageWindow).tickfoldReplay!.fingerprintJournal(j), journal),
    fingerprintJournalInWorker: (journal) => page.evaluate((j) => (window as PageWindow).tickfoldReplay!.fingerprintJournalInWorker(j), journal),
  };
};
