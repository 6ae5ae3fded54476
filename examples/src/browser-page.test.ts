import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../packages/core/src/runtime/chromium.test.fixture.js";
import { serveStatic, type StaticFile, type StaticServer } from "../../packages/core/src/runtime/static-server.test.fixture.js";
import { BROWSER_PAGE_DIST, RECORDING_FILE, buildBrowserPage } from "./browser-page/build.js";
import { fingerprintReplay, parseJournal, replayJournal, replayLifecycle, serializeReplay } from "@tickfold/core";
import { replayRecording, type Recording } from "./embed/record.js";

/**
 * The `pnpm build:browser` page as a user opens it: served under a CSP without 'unsafe-eval', it
 * fetches the recorded session's journal, replays it with @tickfold/core in a Web Worker and must show the
 * same fingerprint as Node's replay, draw a chart, and reach nothing but its own server.
 */

const CSP = "default-src 'self'; script-src 'self'; worker-src 'self'";
const SCREENSHOT_DIR = new URL("../../.vitest-tmp/browser-page/", import.meta.url);
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".jsonl": "application/jsonl",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

const distFiles = (): Map<string, StaticFile> =>
  new Map(
    readdirSync(BROWSER_PAGE_DIST).map((name) => [
      `/${name}`,
      { contentType: CONTENT_TYPES[extname(name)] ?? "application/octet-stream", body: readFileSync(`${BROWSER_PAGE_DIST}${name}`, "utf8") },
    ]),
  );

describe("the browser page under a strict Content-Security-Policy", () => {
  let recording: Recording;
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let page: Page;
  const problems: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    recording = await buildBrowserPage();
    server = await serveStatic(distFiles(), { "content-security-policy": CSP });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    // Chromium reports CSP violations, in the page and in its workers, as console errors.
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("response", (response) => {
      if (!response.ok()) problems.push(`${response.status()} for ${response.url()}`);
    });
    page.on("request", (request) => {
      if (!request.url().startsWith(server!.url)) foreignRequests.push(request.url());
    });
    await page.goto(new URL("index.html", server.url).href);
    await page.waitForSelector("body[data-state]", { timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("ships the recording as a journal whose replay is the recording's, byte for byte", () => {
    const shipped = replayJournal(readFileSync(`${BROWSER_PAGE_DIST}${RECORDING_FILE}`));
    expect(shipped.inputs).toBe(recording.inputs.length);
    expect(serializeReplay(shipped)).toBe(replayRecording(recording));
  });

  it("replays in its worker to the fingerprint Node computes", async () => {
    expect(await page.getAttribute("body", "data-state")).toBe("done");
    expect(await page.textContent("#fingerprint")).toBe(fingerprintReplay(replayLifecycle(recording.inputs, recording.params)));
  });

  it("logs no error, violates no policy, and requests nothing outside its server", async () => {
    expect(problems).toEqual([]);
    expect(await page.textContent("#violations")).toBe("");
    expect(foreignRequests).toEqual([]);
  });

  it("draws positions and milestones on a canvas that is not blank, and saves a screenshot", async () => {
    expect(await page.textContent("#positions")).toMatch(/^[1-9]\d* positions, [1-9]\d* milestones$/);
    const colours = await page.evaluate(() => {
      const canvas = document.getElementById("chart") as HTMLCanvasElement;
      const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      return seen.size;
    });
    // White alone is a blank canvas; the line, positions and dots bring many more colours.
    expect(colours).toBeGreaterThan(10);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: new URL("page.png", SCREENSHOT_DIR).pathname, fullPage: true });
  });
});
