import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingCoverage } from "../../../../examples/src/embed/coverage.js";
import { firstDifference } from "../../../../examples/src/embed/first-difference.js";
import { replayRecording, type Recording } from "../../../../examples/src/embed/record.js";
import { embedStreams } from "../../../../examples/src/embed/scenario.js";
import { readFileSync } from "node:fs";
import { parseJournal } from "../journal/format.js";
import { fingerprintReplay, replayJournal } from "../journal/replay-journal.js";
import { replayLifecycle } from "../replay.js";
import { launchChromium } from "./chromium.test.fixture.js";
import { bundleCoreForBrowser, type CoreBundle } from "./core-bundle.test.fixture.js";
import { openReplayPage, replayPageFiles, type ReplayPage } from "./replay-page.test.fixture.js";
import { serveStatic, type StaticServer } from "./static-server.test.fixture.js";

/**
 * The claim of `replayLifecycle`: same inputs, same bytes, in every runtime. A stream recorded in
 * Node from real candles is replayed in headless Chromium, on the page's main thread and inside a
 * Web Worker, from esbuild browser bundles of core's sources, and compared with Node's output.
 */

let streams: Recording[];
let nodeOutputs: string[];
let esm: CoreBundle;
let iife: CoreBundle;

beforeAll(async () => {
  streams = embedStreams();
  nodeOutputs = streams.map(replayRecording);
  [esm, iife] = await Promise.all([bundleCoreForBrowser("esm"), bundleCoreForBrowser("iife")]);
});

describe("the recorded streams", () => {
  it("walk every branch of the lifecycle", () => {
    const whole = replayLifecycle(streams[0]!.inputs, streams[0]!.params);
    expect(missingCoverage(whole.effects)).toEqual([]);
  });

  it("include one cut while a position is open, so a rich state is compared too", () => {
    expect(streams.map((stream) => replayLifecycle(stream.inputs, stream.params).state.phase)).toEqual(["idle", "open"]);
  });
});

describe("esbuild bundles of @tickfold/core for the browser platform", () => {
  it("build as ESM and IIFE without a single warning", () => {
    expect(esm.warnings).toEqual([]);
    expect(iife.warnings).toEqual([]);
  });
});

describe("@tickfold/core in headless Chromium", () => {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let opening: Promise<ReplayPage> | undefined;

  // Opened by the tests themselves, not in a hook: without Chromium each test fails with the
  // install hint, where a failing hook would leave them counted as skipped.
  const replayPage = (): Promise<ReplayPage> =>
    (opening ??= (async () => {
      server = await serveStatic(replayPageFiles({ esm: esm.code, iife: iife.code }));
      browser = await launchChromium();
      return openReplayPage(browser, server.url);
    })());

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("replays on the page's main thread byte for byte as Node does", async () => {
    const outputs = await (await replayPage()).onMainThread(streams);
    expect(outputs).toHaveLength(nodeOutputs.length);
    outputs.forEach((output, i) => expect(firstDifference(output, nodeOutputs[i]!)).toBeNull());
  });

  it("replays the shipped journal to Node's fingerprint, on the main thread and in a Web Worker", async () => {
    const journal = readFileSync(new URL("../../../../examples/data/live-session.journal.jsonl", import.meta.url), "utf8");
    const inNode = fingerprintReplay(replayJournal(journal));
    const page = await replayPage();
    expect(await page.fingerprintJournal(journal)).toBe(inNode);
    expect(await page.fingerprintJournalInWorker(journal)).toBe(inNode);
  });

  it("replays inside a Web Worker made from a Blob URL byte for byte as Node does", async () => {
    const outputs = await (await replayPage()).inWorker(streams);
    expect(outputs).toHaveLength(nodeOutputs.length);
    outputs.forEach((output, i) => expect(firstDifference(output, nodeOutputs[i]!)).toBeNull());
  });
});
