import { z } from "zod";
import type { Candle } from "../model/candle.js";
import { RiskValidationSchema } from "../risk/validations.js";
import type { CandleSeries } from "../series/candle-series.js";
import { STRATEGY_INTERVALS } from "../backtest/run.js";
import { WALKER_METRICS, type WalkerMetric } from "../stats/walker.js";
import type { SignalRow } from "../model/signal.js";
import type { SignalEvent } from "../model/events.js";
import type { StrategyContext } from "./strategy-context.js";

/** A function field: zod checks that it is one; its signature is the TypeScript type's business. */
const fn = <T>(what: string) => z.custom<T>((value) => typeof value === "function", { message: `must be a function (${what})` });
const name = z.string().min(1, "must be a non-empty string");
/**
 * Risk slots are keyed `strategyName:symbol` (backtest-kit's risk file layout): a colon in the
 * name would let two pairs share a key ("a:b" on "c" and "a" on "b:c").
 */
const strategyName = name.refine((value) => !value.includes(":"), "must not contain ':' (risk slots are keyed strategyName:symbol)");
const date = z.union([z.number(), z.string(), z.date()]).transform((value, ctx) => {
  const time = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  if (!Number.isFinite(time)) {
    ctx.addIssue({ code: "custom", message: "must be a valid date (Date, ISO string or epoch ms)" });
    return z.NEVER;
  }
  return time;
});

/** backtest-kit's `getSignal(symbol, when, currentPrice)`, plus the history context as a fourth argument. */
export type GetSignalFn = (symbol: string, when: Date, currentPrice: number, context: StrategyContext) => unknown;

export interface StrategyCallbacks {
  onTick?(symbol: string, result: SignalEvent, backtest: boolean): unknown;
  onOpen?(symbol: string, signal: SignalRow, priceOpen: number, backtest: boolean): unknown;
  onClose?(symbol: string, signal: SignalRow, priceClose: number, backtest: boolean): unknown;
  onSchedule?(symbol: string, signal: SignalRow, currentPrice: number, backtest: boolean): unknown;
  onCancel?(symbol: string, signal: SignalRow, currentPrice: number, backtest: boolean): unknown;
  onActive?(symbol: string, signal: SignalRow, currentPrice: number, backtest: boolean): unknown;
  onPartialProfit?(symbol: string, signal: SignalRow, currentPrice: number, percentTp: number, backtest: boolean): unknown;
  onPartialLoss?(symbol: string, signal: SignalRow, currentPrice: number, percentSl: number, backtest: boolean): unknown;
}
const CALLBACK_NAMES = ["onTick", "onOpen", "onClose", "onSchedule", "onCancel", "onActive", "onPartialProfit", "onPartialLoss"] as const;

/** An object of optional callbacks: each key must be one of `names` and each value a function. */
const callbacks = <T>(names: ReadonlyArray<string>) =>
  z
    .custom<T>((value) => typeof value === "object" && value !== null && !Array.isArray(value), { message: "must be an object of callbacks" })
    .superRefine((value, ctx) => {
      for (const [key, callback] of Object.entries(value as Record<string, unknown>)) {
        if (!names.includes(key)) ctx.addIssue({ code: "custom", path: [key], message: `is not a callback (known: ${names.join(", ")})` });
        else if (typeof callback !== "function") ctx.addIssue({ code: "custom", path: [key], message: "must be a function" });
      }
    })
    .optional();

export const StrategySchemaSchema = z.strictObject({
  strategyName,
  interval: z.enum(Object.keys(STRATEGY_INTERVALS) as [keyof typeof STRATEGY_INTERVALS]),
  getSignal: fn<GetSignalFn>("symbol, when, currentPrice, context"),
  callbacks: callbacks<StrategyCallbacks>(CALLBACK_NAMES),
  riskName: name.optional(),
  riskList: z.array(name).optional(),
  note: z.string().optional(),
});
export type StrategySchema = z.input<typeof StrategySchemaSchema>;
export type Strategy = z.output<typeof StrategySchemaSchema>;

export type GetCandlesFn = (symbol: string, interval: string, since: Date, limit: number) => ReadonlyArray<Candle> | Promise<ReadonlyArray<Candle>>;
/** Optional fast path: the 1-minute candles with `from ≤ timestamp ≤ to`, as a validated series. */
export type GetCandleSeriesFn = (symbol: string, from: number, to: number) => CandleSeries | Promise<CandleSeries>;

/** Optional live price feed: the updates with `from ≤ timestamp < to`, in time order. */
export type GetPriceUpdatesFn = (
  symbol: string,
  from: number,
  to: number,
) => ReadonlyArray<{ readonly timestamp: number; readonly price: number }> | Promise<ReadonlyArray<{ readonly timestamp: number; readonly price: number }>>;

export const ExchangeSchemaSchema = z.strictObject({
  exchangeName: name,
  getCandles: fn<GetCandlesFn>("symbol, interval, since, limit"),
  getCandleSeries: fn<GetCandleSeriesFn>("symbol, from, to").optional(),
  formatPrice: fn<(symbol: string, price: number) => string>("symbol, price").optional(),
  formatQuantity: fn<(symbol: string, quantity: number) => string>("symbol, quantity").optional(),
  /**
   * Live only: price updates between candle closes (trades, for instance), `from ≤ timestamp < to`
   * (epoch ms) in time order. When offered, a live instance asks for them every
   * `priceUpdateIntervalMs` and each one watches what is scheduled or open (entry, take profit,
   * stop loss, milestones); candles still ask the strategy, and must then be served as soon as they close.
   */
  getPriceUpdates: fn<GetPriceUpdatesFn>("symbol, from, to").optional(),
  /** How often (ms) a live instance asks `getPriceUpdates`; default 1000. */
  priceUpdateIntervalMs: z.number().int().positive().optional(),
  /** Live only: the venue's open positions on a symbol; start-up refuses to trade when they differ from storage. */
  getOpenPositions: fn<(symbol: string) => ReadonlyArray<{ readonly position: "long" | "short" }> | Promise<ReadonlyArray<{ readonly position: "long" | "short" }>>>("symbol").optional(),
  callbacks: callbacks<{ onCandleData?(symbol: string, interval: string, since: Date, limit: number, candles: ReadonlyArray<Candle>): unknown }>([
    "onCandleData",
  ]),
  note: z.string().optional(),
});
export type ExchangeSchema = z.input<typeof ExchangeSchemaSchema>;
export type Exchange = z.output<typeof ExchangeSchemaSchema>;

export const FrameSchemaSchema = z
  .strictObject({
    frameName: name,
    /** The tick grid. Only "1m" is supported: every 1-minute candle is a tick. */
    interval: z.literal("1m").default("1m"),
    startDate: date,
    endDate: date,
    callbacks: callbacks<{ onTimeframe?(start: Date, end: Date, interval: string): unknown }>(["onTimeframe"]),
    note: z.string().optional(),
  })
  .refine((frame) => frame.endDate >= frame.startDate, { path: ["endDate"], message: "must not be before startDate" });
export type FrameSchema = z.input<typeof FrameSchemaSchema>;
export type Frame = z.output<typeof FrameSchemaSchema>;

export const RiskSchemaSchema = z.strictObject({
  riskName: name,
  maxConcurrentPositions: z.number().int().positive().optional(),
  validations: z.array(RiskValidationSchema).default([]),
  note: z.string().optional(),
});
export type RiskSchema = z.input<typeof RiskSchemaSchema>;
export type Risk = z.output<typeof RiskSchemaSchema>;

export const WalkerSchemaSchema = z.strictObject({
  walkerName: name,
  exchangeName: name,
  frameName: name,
  strategies: z.array(name).min(1, "must name at least one strategy"),
  metric: z.enum(WALKER_METRICS).default("sharpeRatio"),
  callbacks: callbacks<{
    onStrategyComplete?(strategyName: string, symbol: string, stats: unknown, metric: number | null): unknown;
    onStrategyError?(strategyName: string, symbol: string, error: unknown): unknown;
    onComplete?(results: unknown): unknown;
  }>(["onStrategyComplete", "onStrategyError", "onComplete"]),
  note: z.string().optional(),
});
export type WalkerSchema = z.input<typeof WalkerSchemaSchema>;
export type Walker = z.output<typeof WalkerSchemaSchema>;

export type { WalkerMetric };
