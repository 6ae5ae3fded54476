import type { Effect } from "@tickfold/core";

/** `price` moved by `percent` percent: proposals scale with the price the strategy is shown. */
const moved = (price: number, percent: number): number => price * (1 + percent / 100);

/**
 * Five plays, each built to end its own way on real candles, so one short recording walks every
 * branch of the lifecycle. Prices are derived from the shown price only: nothing here reads a
 * clock or a random source, so recording twice gives the same inputs.
 */
const PLAYS: ReadonlyArray<(price: number) => unknown> = [
  // Market long with room on both sides: ends at take profit or stop loss, passing milestones.
  (price) => ({ position: "long", priceTakeProfit: moved(price, 0.6), priceStopLoss: moved(price, -0.6), minuteEstimatedTime: 240 }),
  // Limit long a little below the market: activates, or times out while waiting.
  (price) => {
    const open = moved(price, -0.15);
    return { position: "long", priceOpen: open, priceTakeProfit: moved(open, 0.6), priceStopLoss: moved(open, -0.5), note: "dip buy" };
  },
  // Market short with a short life and far targets: expires.
  (price) => ({ position: "short", priceTakeProfit: moved(price, -1.5), priceStopLoss: moved(price, 1.5), minuteEstimatedTime: 30 }),
  // Limit short whose stop sits just above its entry: one candle through both rejects it.
  (price) => {
    const open = moved(price, 0.1);
    return { position: "short", priceOpen: open, priceTakeProfit: moved(open, -0.6), priceStopLoss: moved(open, 0.12) };
  },
  // A take profit too close to cover fees: the lifecycle rejects the proposal.
  (price) => ({ position: "long", priceTakeProfit: moved(price, 0.1), priceStopLoss: moved(price, -0.6) }),
  // No signal this time.
  () => null,
];

/** Picks the play by the proposal bucket, so a given tick always gets the same answer. */
export const rotatingStrategy =
  (intervalMs: number) =>
  (time: number, price: number): unknown =>
    PLAYS[Math.floor(time / intervalMs) % PLAYS.length]!(price);

/** Turns down one minute in four, judged by the request's own time: a deterministic risk desk. */
export const quarterlyRefusingRisk = (request: Extract<Effect, { type: "checkRisk" }>): boolean =>
  Math.floor(request.time / 60_000) % 4 !== 0;
