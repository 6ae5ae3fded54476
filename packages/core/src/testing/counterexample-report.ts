import type { Emitted } from "../backtest/run.js";
import type { Candle } from "../model/candle.js";
import { formatIssue } from "../model/config.js";
import type { SignalRow } from "../model/signal.js";
import type { Counterexample, Failure } from "./failure.js";

/**
 * The counterexample as a person reads it: what failed, the market as CSV (the format
 * `parseCandleCsv` reads back, to pin it in a regression test), the events with the candle each
 * happened on, and how to replay it.
 */

const minute = (time: number): string => `${new Date(time).toISOString().slice(0, 16)}Z`;

const CSV_HEADER = "timestamp,open,high,low,close,volume";

/** The candles in `parseCandleCsv`'s format; numbers print exactly, so they read back identical. */
export const candlesToCsv = (candles: ReadonlyArray<Candle>): string =>
  [CSV_HEADER, ...candles.map((c) => `${c.timestamp},${c.open},${c.high},${c.low},${c.close},${c.volume}`)].join("\n");

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `a non-Error value ${JSON.stringify(error) ?? String(error)}`;

const percent = (value: number): string => `${value >= 0 ? "+" : ""}${value.toFixed(3)} %`;

const levels = (signal: SignalRow): string => `entry ${signal.priceOpen}, TP ${signal.priceTakeProfit}, SL ${signal.priceStopLoss}`;

export const describeEvent = (effect: Emitted): string => {
  switch (effect.topic) {
    case "signal": {
      const e = effect.event;
      const who = `${e.signal.position} ${e.signal.id}`;
      switch (e.action) {
        case "scheduled":
          return `scheduled ${who} (${levels(e.signal)}, ${e.signal.minuteEstimatedTime} min) at price ${e.currentPrice}`;
        case "opened":
          return `opened ${who} (${levels(e.signal)}, ${e.signal.minuteEstimatedTime} min)`;
        case "closed":
          return `closed ${who} by ${e.closeReason} at ${e.currentPrice}: PnL ${percent(e.pnl.pnlPercentage)} after fees and slippage`;
        case "cancelled":
          return `cancelled ${who} (${e.reason}) at price ${e.currentPrice}`;
      }
    }
    case "partialProfit":
    case "partialLoss":
      return `${effect.topic} ${effect.event.level} % of ${effect.event.data.id} at price ${effect.event.currentPrice}`;
    case "validation":
      return `proposal rejected: ${effect.event.issues.map(formatIssue).join("; ")}`;
    case "risk":
      return `risk refused ${effect.event.signal.id}: ${effect.event.comment}`;
  }
};

const whatFailed = (failure: Failure, strategyName: string): string[] => {
  switch (failure.kind) {
    case "strategy threw": {
      const at = failure.at;
      const where = `in getSignal(${JSON.stringify(at.symbol)}, ${minute(at.when)}, ${at.currentPrice}), call ${at.call} on this market`;
      const lines = [`The strategy "${strategyName}" threw ${where}:`, `  ${errorText(failure.error)}`];
      // An error on the very first call of the smallest market rarely depends on the prices.
      if (at.call === 1) lines.push("It threw on its first call, so the prices are probably not the cause: look at the code.");
      return lines;
    }
    case "proposal rejected":
      return [
        `A proposal of "${strategyName}" was rejected by the trading rules at ${failure.event.timestamp === undefined ? "?" : minute(failure.event.timestamp)}:`,
        ...failure.event.issues.map((issue) => `  ${formatIssue(issue)}`),
        "(Pass allowRejectedProposals: true if rejections are intended.)",
      ];
    case "lifecycle invariant":
      return ["The event stream broke lifecycle invariants:", ...failure.violations.map((v) => `  ${v}`)];
    case "property":
      return [
        failure.error === undefined
          ? `Property "${failure.name}" returned false.`
          : `Property "${failure.name}" threw: ${errorText(failure.error)}`,
      ];
    case "engine threw":
      return ["tickfold itself threw on this market (a bug in tickfold; please report it with this counterexample):", `  ${errorText(failure.error)}`];
  }
};

/** Index of the candle at `time` (the event's candle), or the last one before it. */
const candleIndex = (candles: ReadonlyArray<Candle>, time: number): number => {
  let index = 0;
  while (index + 1 < candles.length && candles[index + 1]!.timestamp <= time) index++;
  return index;
};

const eventTime = (effect: Emitted): number | undefined => effect.event.timestamp;

export const formatCounterexample = (c: Counterexample): string => {
  const { market } = c;
  const n = market.candles.length;
  const lines = [
    `checkStrategy: "${c.strategyName}" failed on a market of ${n} candles (found after ${c.runs} run${c.runs === 1 ? "" : "s"}, shrunk ${c.shrinks} times).`,
    "",
    ...whatFailed(c.failure, c.strategyName),
    "",
    `Market: ${n} candles, frame ${minute(market.frame.startDate)} … ${minute(market.frame.endDate)}; the last candle is after the frame and settles what is still held.`,
    ...market.notes.map((note) => `  ${note}`),
    candlesToCsv(market.candles),
    "",
    c.emitted.length === 0 ? "Events: none before the failure." : `Events (${c.emitted.length}):`,
    ...c.emitted.map((effect) => {
      const time = eventTime(effect);
      const where = time === undefined ? "" : `candle ${candleIndex(market.candles, time)} ${minute(time)}  `;
      return `  ${where}${describeEvent(effect)}`;
    }),
    "",
    `Replay exactly this market: checkStrategy(strategy, { ...sameOptions, seed: ${c.seed}, path: ${JSON.stringify(c.path)} })`,
  ];
  return lines.join("\n");
};
