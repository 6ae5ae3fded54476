import fc from "fast-check";
import type { Candle } from "../model/candle.js";
import { MINUTE_MS } from "../model/candle.js";
import type { CandleSeries } from "../series/candle-series.js";

/**
 * A market to backtest a strategy on: the candles and the frame they define, so a property needs
 * no setup. The frame runs from the first candle to the one before the last: the last candle is
 * past the frame, so whatever is still scheduled or open when the frame ends is cancelled or
 * closed there and every run ends with its trades settled.
 */
export interface Market {
  readonly candles: ReadonlyArray<Candle>;
  /** Epoch ms, both ends inclusive. */
  readonly frame: { readonly startDate: number; readonly endDate: number };
  /** How the market was made, for the counterexample report (regimes, gaps, flash moves, window). */
  readonly notes: ReadonlyArray<string>;
}

/** Fewest candles a market can have: one for the first price, one tick inside the frame, one after it. */
export const MIN_MARKET_CANDLES = 3;

export interface MarketOptions {
  /** Number of candles; default 3…240. Shrinking goes toward `min`. */
  readonly length?: { readonly min: number; readonly max: number };
  readonly startPrice?: number;
  /** Epoch ms of the first candle; aligned down to the minute. Default 2025-01-01T00:00Z. */
  readonly startTime?: number;
  /** Prices are rounded to this many decimals; default about 7 significant digits of `startPrice`. */
  readonly decimals?: number;
  /**
   * Largest move per minute in percent, one value per regime; each regime draws one. Default
   * calm 0.05, normal 0.3, wild 1.5. Shrinking goes toward the first.
   */
  readonly volatility?: ReadonlyArray<number>;
  /** Regimes drift up or down by up to 0.05 % a minute (default true). */
  readonly trends?: boolean;
  /** Some candles open away from the previous close, some after missing minutes (default true). */
  readonly gaps?: boolean;
  /** Some candles have a wick of 1–20 % that the close does not follow (default true). */
  readonly flashMoves?: boolean;
  /** Allow candles with zero volume (VWAP then falls back to the mean close); default false. */
  readonly zeroVolume?: boolean;
}

const DEFAULT_VOLATILITY = [0.05, 0.3, 1.5] as const;

interface Regime {
  readonly volatility: number;
  /** Drift per minute, in thousandths of a percent. */
  readonly trend: number;
  /** Candles this regime lasts; the last regime runs to the end. */
  readonly minutes: number;
}

type MarketEvent =
  | { readonly kind: "gap"; readonly percent: number; readonly missingMinutes: number }
  | { readonly kind: "flash"; readonly percent: number };

/**
 * One minute's draw. Every field shrinks toward 0 (volume toward its minimum), which is a flat
 * candle at the previous close: shrinking simplifies a market toward few candles and small moves.
 */
interface MinuteDraw {
  /** Close vs open, in percent of the regime's volatility. */
  readonly move: number;
  /** Wicks beyond the body, in percent of the regime's volatility. */
  readonly up: number;
  readonly down: number;
  readonly volume: number;
  readonly event: MarketEvent | null;
}

/** Default decimals: about 7 significant digits (2 at 30,000; 6 at 1). */
const defaultDecimals = (price: number): number => Math.min(12, Math.max(0, 6 - Math.floor(Math.log10(price))));

const checkLength = (caller: string, length: { readonly min: number; readonly max: number }): void => {
  if (!Number.isInteger(length.min) || length.min < MIN_MARKET_CANDLES) {
    throw new Error(`${caller}: length.min = ${length.min} must be a whole number ≥ ${MIN_MARKET_CANDLES} (a first price, a tick in the frame, a candle after it)`);
  }
  if (!Number.isInteger(length.max) || length.max < length.min) {
    throw new Error(`${caller}: length.max = ${length.max} must be a whole number ≥ length.min (${length.min})`);
  }
};

const percentLabel = (percent: number): string => `${percent > 0 ? "+" : ""}${Number(percent.toFixed(3))} %`;

const regimeArb = (volatility: ReadonlyArray<number>, trends: boolean): fc.Arbitrary<Regime> =>
  fc.record({
    volatility: fc.constantFrom(...volatility),
    trend: trends ? fc.integer({ min: -50, max: 50 }) : fc.constant(0),
    minutes: fc.integer({ min: 1, max: 120 }),
  });

const eventArb = (gaps: boolean, flashMoves: boolean): fc.Arbitrary<MarketEvent | null> => {
  const kinds: fc.Arbitrary<MarketEvent>[] = [];
  if (gaps) {
    kinds.push(
      fc.record({
        kind: fc.constant("gap" as const),
        // basis points, so the drawn percent has at most two decimals
        percent: fc.integer({ min: -500, max: 500 }).map((bp) => bp / 100),
        missingMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 })),
      }),
    );
  }
  if (flashMoves) {
    kinds.push(
      fc.record({
        kind: fc.constant("flash" as const),
        percent: fc.oneof(fc.integer({ min: -20, max: -1 }), fc.integer({ min: 1, max: 20 })),
      }),
    );
  }
  if (kinds.length === 0) return fc.constant(null);
  // One candle in 25 has an event; cross-shrinking lets a shrunk market drop it.
  return fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(null), weight: 24 }, { arbitrary: fc.oneof(...kinds), weight: 1 });
};

const minuteArb = (options: MarketOptions): fc.Arbitrary<MinuteDraw> =>
  fc.record({
    move: fc.integer({ min: -100, max: 100 }),
    up: fc.integer({ min: 0, max: 100 }),
    down: fc.integer({ min: 0, max: 100 }),
    volume: fc.integer({ min: options.zeroVolume ? 0 : 1, max: 100 }),
    event: eventArb(options.gaps ?? true, options.flashMoves ?? true),
  });

const candleAt = (series: CandleSeries, i: number): Candle => ({
  timestamp: series.timestamp[i]!,
  open: series.open[i]!,
  high: series.high[i]!,
  low: series.low[i]!,
  close: series.close[i]!,
  volume: series.volume[i]!,
});

/**
 * A market of given candles (an array, or a series from `parseCandleCsv`), with the frame from
 * the first candle to the one before the last. Pin a counterexample with it:
 * `market: fc.constant(marketOf(parseCandleCsv(csv)))`.
 */
export const marketOf = (candles: ReadonlyArray<Candle> | CandleSeries, notes: ReadonlyArray<string> = []): Market => {
  const list = "timestamp" in candles ? Array.from({ length: candles.length }, (_, i) => candleAt(candles, i)) : candles;
  if (list.length < MIN_MARKET_CANDLES) {
    throw new Error(`marketOf: ${list.length} candles given; a market needs at least ${MIN_MARKET_CANDLES}`);
  }
  return { candles: list, frame: { startDate: list[0]!.timestamp, endDate: list[list.length - 2]!.timestamp }, notes };
};

const buildMarket = (
  draws: ReadonlyArray<MinuteDraw>,
  regimes: ReadonlyArray<Regime>,
  startPrice: number,
  startTime: number,
  decimals: number,
): Market => {
  const scale = 10 ** decimals;
  const tick = 1 / scale;
  // Rounding is monotone, so high ≥ open, close ≥ low still hold after it; the floor keeps prices > 0.
  const round = (price: number): number => Math.max(tick, Math.round(price * scale) / scale);
  const candles: Candle[] = [];
  const notes: string[] = [];
  let close = round(startPrice);
  let time = Math.floor(startTime / MINUTE_MS) * MINUTE_MS;
  let regime = -1;
  let regimeEnds = 0;
  draws.forEach((draw, i) => {
    if (i === regimeEnds) {
      regime++;
      const next = regimes[regime]!;
      regimeEnds = regime === regimes.length - 1 ? draws.length : Math.min(draws.length, i + next.minutes);
      const trend = next.trend === 0 ? "no trend" : `trend ${percentLabel(next.trend / 1000)} a minute`;
      notes.push(`candles ${i}–${regimeEnds - 1}: moves up to ${next.volatility} % a minute, ${trend}`);
    }
    const { volatility: percent, trend } = regimes[regime]!;
    const volatility = percent / 100;
    let open = close;
    const event = draw.event;
    if (event?.kind === "gap") {
      open = round(open * (1 + event.percent / 100));
      time += event.missingMinutes * MINUTE_MS;
      const missing = event.missingMinutes > 0 ? ` after ${event.missingMinutes} missing minute${event.missingMinutes === 1 ? "" : "s"}` : "";
      notes.push(`candle ${i}: opens ${percentLabel(event.percent)} from the previous close${missing}`);
    }
    close = round(open * (1 + (draw.move / 100) * volatility + trend / 100_000));
    let high = Math.max(open, close) * (1 + (draw.up / 100) * volatility);
    let low = Math.min(open, close) * (1 - (draw.down / 100) * volatility);
    if (event?.kind === "flash") {
      if (event.percent > 0) high = Math.max(high, Math.max(open, close) * (1 + event.percent / 100));
      else low = Math.min(low, Math.min(open, close) * (1 + event.percent / 100));
      notes.push(`candle ${i}: flash ${event.percent > 0 ? "spike" : "crash"}, a wick of ${percentLabel(event.percent)}`);
    }
    candles.push({ timestamp: time, open, high: round(high), low: round(low), close, volume: draw.volume });
    time += MINUTE_MS;
  });
  return marketOf(candles, notes);
};

/**
 * Random-walk markets of 1-minute candles: volatility regimes with trends, gaps (a jump from the
 * previous close, sometimes after missing minutes) and flash moves (a long wick the close does
 * not follow). Each candle opens at the previous close unless it gaps. Shrinking goes toward few
 * candles, one calm regime without trend, no events, flat candles and volume 1.
 */
export const marketArb = (options: MarketOptions = {}): fc.Arbitrary<Market> => {
  const length = options.length ?? { min: MIN_MARKET_CANDLES, max: 240 };
  checkLength("marketArb", length);
  const startPrice = options.startPrice ?? 30_000;
  if (!(Number.isFinite(startPrice) && startPrice > 0)) throw new Error(`marketArb: startPrice = ${startPrice} must be a finite number > 0`);
  const volatility = options.volatility ?? DEFAULT_VOLATILITY;
  if (volatility.length === 0 || volatility.some((v) => !(Number.isFinite(v) && v > 0 && v < 100))) {
    throw new Error(`marketArb: volatility = ${JSON.stringify(volatility)} must list at least one percent, each > 0 and < 100`);
  }
  const decimals = options.decimals ?? defaultDecimals(startPrice);
  const startTime = options.startTime ?? Date.UTC(2025, 0, 1);
  return fc
    .record({
      // Candles first: fast-check shrinks the fields in order, so a failure first loses candles, then calms down.
      // size "max": lengths spread over the whole range (fast-check's default would stay near min + 10)
      draws: fc.array(minuteArb(options), { minLength: length.min, maxLength: length.max, size: "max" }),
      regimes: fc.array(regimeArb(volatility, options.trends ?? true), { minLength: 1, maxLength: 4 }),
    })
    .map(({ regimes, draws }) => buildMarket(draws, regimes, startPrice, startTime, decimals));
};

/**
 * Windows of a real candle series that you pass (e.g. from `parseCandleCsv`). A window is drawn
 * by its end and its length: shrinking the length trims candles before the failure, shrinking the
 * end moves the window earlier, so a failure shrinks to the few candles around it.
 */
export const candleWindowArb = (
  series: CandleSeries,
  options: { readonly length?: { readonly min: number; readonly max: number } } = {},
): fc.Arbitrary<Market> => {
  const length = options.length ?? { min: MIN_MARKET_CANDLES, max: 240 };
  checkLength("candleWindowArb", length);
  if (series.length < length.min) {
    throw new Error(`candleWindowArb: the series has ${series.length} candles; a window needs at least length.min = ${length.min}`);
  }
  return fc
    .record({ end: fc.integer({ min: length.min, max: series.length }), length: fc.integer({ min: length.min, max: length.max }) })
    .map(({ end, length: wanted }) => {
      const start = Math.max(0, end - wanted);
      const candles = Array.from({ length: end - start }, (_, k) => candleAt(series, start + k));
      return marketOf(candles, [`candles ${start}–${end - 1} of the series passed to candleWindowArb`]);
    });
};
