import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, seriesWindow } from "@tickfold/core";
import { seededRandom as random } from "@tickfold/persist/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bundleChild } from "../../../../persist/src/torture/bundle-child.fixture.js";
import { readCandleFile } from "../../candle-file-exchange.js";
import { YEAR_FILE } from "../../engine.fixture.js";
import { fileLiveStorage } from "../file-storage.js";
import { firstDifference, journalFingerprint } from "./journal-replay.fixture.js";

/**
 * End-to-end crash torture of the live runner: a child process runs a live engine over recorded
 * candles (real files, real fsyncs) and is killed with SIGKILL at random moments, at least
 * `KILLS` times, each restart continuing from what it committed. At the end, what the child's
 * durable consumer received must equal an uncrashed run's events, except redeliveries carrying
 * the same id and payload; the final state must be equal; and the journals must replay to the
 * same fingerprint.
 */

const KILLS = Number(process.env.LIVE_TORTURE_KILLS ?? 100);
const SEED = Number(process.env.LIVE_TORTURE_SEED ?? Date.now() % 2 ** 31);
const START = Date.parse("2025-03-02T00:01:00Z");
const END = Date.parse("2025-03-04T00:01:00Z");

let work: string;
let childBundle: string;
let candles: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "live-torture-"));
  childBundle = join(work, "live-child.mjs");
  await bundleChild(new URL("./live-child.fixture.ts", import.meta.url), childBundle);
  // The two days (and an hour of history before them) as a small plain file: each child reads it at start.
  const days = seriesWindow(readCandleFile(YEAR_FILE), START - 2 * 60 * 60_000, END);
  const rows = ["timestamp,open,high,low,close,volume"];
  for (let i = 0; i < days.length; i++) rows.push([days.timestamp[i], days.open[i], days.high[i], days.low[i], days.close[i], days.volume[i]].join(","));
  candles = join(work, "candles.csv");
  writeFileSync(candles, `${rows.join("\n")}\n`);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});


/**
 * Runs the child; kills it `killAfter` ms after it says it starts (never when undefined), or it
 * kills itself once its consumer made its `selfKill`-th event durable (the window between
 * delivery and acknowledgement, which random timing rarely hits).
 */
const runChild = (dataDir: string, log: string, killAfter: number | undefined, selfKill = 0): Promise<{ done: boolean; killed: boolean; output: string }> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [childBundle, dataDir, candles, log, String(START), String(END), String(selfKill)], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (killAfter !== undefined && output.includes("recovering\n")) timer ??= setTimeout(() => child.kill("SIGKILL"), killAfter);
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      resolve({ done: output.includes("done\n"), killed: signal === "SIGKILL", output });
    });
  });

interface Line {
  readonly topic: string;
  readonly id: string;
  readonly payload: unknown;
}

/** The consumer's log; a last line without its newline was cut by the kill before its fsync returned. */
const received = (log: string): Line[] =>
  existsSync(log)
    ? readFileSync(log, "utf8")
        .split("\n")
        .slice(0, -1)
        .map((line) => JSON.parse(line) as Line)
    : [];

const finalState = async (dataDir: string): Promise<string> => {
  const params = { symbol: "BTCUSDT", strategyName: "swing", exchangeName: "recorded", backtest: false, config: DEFAULT_CONFIG, intervalMs: 15 * 60_000, endDate: Infinity, riskNames: [], progressCallbacks: false };
  const recovered = await fileLiveStorage({ baseDir: dataDir }).recover({ symbol: "BTCUSDT", strategyName: "swing" }, params);
  return JSON.stringify({ restored: recovered.restored, cursor: recovered.cursor, undelivered: recovered.redeliver.length });
};

const journal = (dir: string): string => join(dir, "journal", "BTCUSDT_swing.jsonl");

it(`live engine survives ${KILLS} SIGKILLs: no event lost or duplicated, same state, same journal fingerprint`, { timeout: 300_000 }, async () => {
  const next = random(SEED);
  const reference = join(work, "reference");
  await mkdir(reference);
  const uncrashed = await runChild(reference, join(reference, "delivered.jsonl"), undefined);
  expect(uncrashed.done, uncrashed.output).toBe(true);

  const crashed = join(work, "crashed");
  await mkdir(crashed);
  const log = join(crashed, "delivered.jsonl");
  let kills = 0;
  /** Killed runs that made something durable (the journal grew) before they died. */
  let progressed = 0;
  let journalSize = 0;
  let finished = false;
  // A loaded machine starts the child slower, and kills after a fixed delay would all land in
  // start-up: the delays stretch while kills make no progress and shrink while they do, and the
  // killing goes on (up to 3 × KILLS) until enough of them landed while the child was ticking.
  let stretch = 1;
  while (!finished) {
    // Short random delays: some kills land in start-up and recovery, most while ticking and committing.
    const killing = (kills < KILLS || progressed <= KILLS / 4) && kills < 3 * KILLS;
    const selfKill = killing && next() < 0.2 ? 1 + Math.floor(next() * 3) : 0;
    const run = await runChild(crashed, log, killing ? next() * 120 * stretch + (selfKill > 0 ? 400 : 0) : undefined, selfKill);
    if (run.killed) {
      kills += 1;
      const size = existsSync(journal(crashed)) ? statSync(journal(crashed)).size : 0;
      if (size > journalSize) progressed += 1;
      stretch = size > journalSize ? Math.max(1, stretch / 1.1) : Math.min(8, stretch * 1.1);
      journalSize = size;
    }
    else {
      expect(run.done, `seed ${SEED}: the child failed:\n${run.output}`).toBe(true);
      finished = true;
    }
  }

  const expected = received(join(reference, "delivered.jsonl"));
  const got = received(log);
  const firstSeen = new Map<string, Line>();
  let redelivered = 0;
  let duplicated = 0;
  for (const line of got) {
    const earlier = firstSeen.get(line.id);
    if (earlier === undefined) firstSeen.set(line.id, line);
    else if (JSON.stringify(earlier) === JSON.stringify(line)) redelivered += 1;
    else duplicated += 1;
  }
  const expectedIds = new Set(expected.map((line) => line.id));
  // An event under an id the uncrashed run never used is a duplicate under a new id (or invented).
  duplicated += [...firstSeen.keys()].filter((id) => !expectedIds.has(id)).length;
  const lost = expected.filter((line) => JSON.stringify(firstSeen.get(line.id)) !== JSON.stringify(line)).length;
  const order = (lines: Iterable<Line>, topic: string) => [...lines].filter((l) => l.topic === topic).map((l) => l.id);
  const inOrder = ["signal", "partialProfit", "partialLoss"].every((topic) => JSON.stringify(order(firstSeen.values(), topic)) === JSON.stringify(order(expected, topic)));

  const stateMismatch = (await finalState(crashed)) === (await finalState(reference)) ? 0 : 1;
  const crashedReplay = journalFingerprint(journal(crashed));
  const referenceReplay = journalFingerprint(journal(reference));
  const fingerprintMismatch = crashedReplay.fingerprint === referenceReplay.fingerprint ? 0 : 1;
  if (fingerprintMismatch) console.log(`seed ${SEED}: journals replay apart at ${firstDifference(crashedReplay.effects, referenceReplay.effects)}`);

  console.log(
    `live crash torture: kills=${kills} events=${expected.length} redelivered=${redelivered} lost=${lost} duplicated=${duplicated} state-mismatch=${stateMismatch} fingerprint-mismatch=${fingerprintMismatch}`,
  );
  expect(kills).toBeGreaterThanOrEqual(KILLS);
  expect(redelivered).toBeGreaterThan(0);
  // Many kills must land while the instance ticks and commits, not all in start-up.
  expect(progressed).toBeGreaterThan(KILLS / 4);
  expect(expected.length).toBeGreaterThan(50);
  expect(journalFingerprint(journal(reference)).events).toBe(expected.length);
  expect({ lost, duplicated, stateMismatch, fingerprintMismatch, inOrder }, `seed ${SEED}`).toEqual({ lost: 0, duplicated: 0, stateMismatch: 0, fingerprintMismatch: 0, inOrder: true });
});
