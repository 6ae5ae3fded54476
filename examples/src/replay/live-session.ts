// Records examples/data/live-session.journal.jsonl: `pnpm exec tsx examples/src/replay/live-session.ts`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ConfigError,
  encodeJournalLine,
  indexAtOrAfter,
  MINUTE_MS,
  STRATEGY_INTERVALS,
  validateConfig,
  type CandleSeries,
  type JournalEntry,
  type LifecycleParams,
} from "@tickfold/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { recordReplay } from "../embed/record.js";
import { quarterlyRefusingRisk, rotatingStrategy } from "../embed/strategy.js";
import { YEAR_OF_BTC, loadCandles } from "../lib/load-candles.js";

export const LIVE_SESSION_FILE = fileURLToPath(new URL("../../data/live-session.journal.jsonl", import.meta.url));

/** Three days of real BTCUSDT minutes, fed as a live instance is fed closed candles. */
const SESSION = { from: Date.parse("2025-03-03T00:00:00Z"), to: Date.parse("2025-03-06T00:00:00Z"), interval: "15m" } as const;

/**
 * The shipped session's journal: live-mode params (`backtest: false`, `endDate: Infinity`, so the
 * reducer commits as a live instance does), every closed candle a tick, the embed demo's rotating
 * strategy and risk desk answering at once. Recorded on the public API as a shell of one's own
 * records (`recordReplay`: `tickAt` and `stepLifecycle`, every candle as a live instance sees them).
 */
export const recordLiveSession = (all: CandleSeries = loadCandles(YEAR_OF_BTC)): JournalEntry[] => {
  const config = validateConfig({ scheduleAwaitMinutes: 60, minStopLossDistancePercent: 0.1 });
  if (isLeft(config)) throw new ConfigError(config.left);
  const intervalMs = STRATEGY_INTERVALS[SESSION.interval] * MINUTE_MS;
  const params: LifecycleParams = {
    symbol: "BTCUSDT",
    strategyName: "rotating",
    exchangeName: "binance",
    backtest: false,
    config: config.right,
    intervalMs,
    endDate: Number.POSITIVE_INFINITY,
    riskNames: ["desk"],
    progressCallbacks: false,
  };
  // The candles up to the session's end; the ones before its start feed the first VWAP windows.
  const end = indexAtOrAfter(all, SESSION.to);
  const series: CandleSeries = {
    length: end,
    timestamp: all.timestamp.subarray(0, end),
    open: all.open.subarray(0, end),
    high: all.high.subarray(0, end),
    low: all.low.subarray(0, end),
    close: all.close.subarray(0, end),
    volume: all.volume.subarray(0, end),
  };
  const strategy = rotatingStrategy(intervalMs);
  const { inputs } = recordReplay({ series, startIndex: indexAtOrAfter(series, SESSION.from), params, answers: { proposal: strategy, risk: quarterlyRefusingRisk } });
  return [{ type: "header", format: "tickfold-journal", version: 1, params }, ...inputs.map((input): JournalEntry => ({ type: "input", input }))];
};

export const journalText = (entries: ReadonlyArray<JournalEntry>): string => entries.map((entry) => `${encodeJournalLine(entry)}\n`).join("");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entries = recordLiveSession();
  writeFileSync(LIVE_SESSION_FILE, journalText(entries));
  process.stdout.write(`${LIVE_SESSION_FILE}: ${entries.length} lines\n`);
}
