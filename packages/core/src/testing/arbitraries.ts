import fc from "fast-check";
import type { Candle } from "../model/candle.js";
import { candleSeries, type CandleSeries } from "../series/candle-series.js";
import { marketArb } from "./markets.js";

/**
 * fast-check arbitraries for property-testing strategies and the engine: plain candle series (the
 * markets with regimes, gaps and flash moves are in markets.ts), and proposal plans a
 * deterministic strategy replays.
 */

export interface PricePathOptions {
  readonly length?: { readonly min: number; readonly max: number };
  readonly startPrice?: number;
  /** Largest move per minute, in percent. */
  readonly maxStepPercent?: number;
}

export interface CandleSeriesOptions extends PricePathOptions {
  /** Epoch ms of the first candle; aligned to the minute. */
  readonly startTime?: number;
  /** Allow candles with zero volume (VWAP then falls back to the mean close). */
  readonly zeroVolume?: boolean;
}

/**
 * Valid consecutive 1-minute candles of a plain random walk: one regime of `maxStepPercent`, no
 * trend, gaps or flash moves (use `marketArb` for those). Each opens at the previous close.
 */
export const candlesArb = (options: CandleSeriesOptions = {}): fc.Arbitrary<Candle[]> =>
  marketArb({
    length: options.length ?? { min: 20, max: 300 },
    startPrice: options.startPrice,
    startTime: options.startTime,
    volatility: [options.maxStepPercent ?? 0.6],
    trends: false,
    gaps: false,
    flashMoves: false,
    zeroVolume: options.zeroVolume,
  }).map((market) => [...market.candles]);

/** The closes of `candlesArb`: a multiplicative random walk moving at most ±maxStepPercent a minute. */
export const pricePathArb = (options: PricePathOptions = {}): fc.Arbitrary<number[]> =>
  candlesArb(options).map((candles) => candles.map((candle) => candle.close));

export const candleSeriesArb = (options: CandleSeriesOptions = {}): fc.Arbitrary<CandleSeries> =>
  candlesArb(options).map(candleSeries);

/**
 * What a scripted strategy proposes, relative to the price it is shown: distances in percent,
 * `limitOffsetPercent` null for a market entry. Negative distances make invalid proposals on
 * purpose, so rejections are exercised too.
 */
export interface ProposalPlan {
  readonly position: "long" | "short";
  readonly takeProfitPercent: number;
  readonly stopLossPercent: number;
  readonly limitOffsetPercent: number | null;
  readonly minuteEstimatedTime: number;
}

/** Percent with two decimals, drawn uniformly in basis points (fc.double favours tiny magnitudes). */
const percentArb = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((bp) => bp / 100);

export const proposalPlanArb = (): fc.Arbitrary<ProposalPlan> =>
  fc.record({
    position: fc.constantFrom("long" as const, "short" as const),
    takeProfitPercent: fc.oneof({ weight: 9, arbitrary: percentArb(0.5, 3) }, { weight: 1, arbitrary: percentArb(-1, 0.5) }),
    stopLossPercent: fc.oneof({ weight: 9, arbitrary: percentArb(0.5, 3) }, { weight: 1, arbitrary: percentArb(-1, 0.5) }),
    limitOffsetPercent: fc.option(percentArb(-1, 1), { freq: 3 }),
    minuteEstimatedTime: fc.integer({ min: 1, max: 180 }),
  });

/** The proposal a plan makes at price `price`, with a stable id derived from the tick time. */
export const proposalFromPlan = (plan: ProposalPlan, price: number, when: number) => {
  const sign = plan.position === "long" ? 1 : -1;
  const entry = plan.limitOffsetPercent === null ? price : price * (1 - (sign * plan.limitOffsetPercent) / 100);
  return {
    id: `plan-${when}`,
    position: plan.position,
    ...(plan.limitOffsetPercent === null ? {} : { priceOpen: entry }),
    priceTakeProfit: entry * (1 + (sign * plan.takeProfitPercent) / 100),
    priceStopLoss: entry * (1 - (sign * plan.stopLossPercent) / 100),
    minuteEstimatedTime: plan.minuteEstimatedTime,
  };
};

/**
 * A deterministic strategy script: on the k-th time it is asked it follows `plans[k mod n]`
 * (null = no signal). Deterministic in its inputs, so replays and both drivers see the same answers.
 */
export const strategyScriptArb = (): fc.Arbitrary<ReadonlyArray<ProposalPlan | null>> =>
  fc.array(fc.option(proposalPlanArb(), { freq: 2 }), { minLength: 1, maxLength: 12 });

export const scriptedStrategy = (script: ReadonlyArray<ProposalPlan | null>) => {
  let asked = 0;
  return (_symbol: string, when: number, price: number) => {
    const plan = script[asked++ % script.length] ?? null;
    return plan === null ? null : proposalFromPlan(plan, price, when);
  };
};
