import type { Tick } from "../../lifecycle/state.js";
import type { Exchange } from "../schemas.js";

/** One price update an exchange offers between candle closes (a trade, or a quote's mid price). */
export interface PriceUpdate {
  /** Epoch ms. */
  readonly timestamp: number;
  readonly price: number;
}

/** How often a live instance asks for new price updates when the exchange does not say. */
export const DEFAULT_PRICE_UPDATE_INTERVAL_MS = 1_000;

/**
 * The exchange's price updates with `from ≤ timestamp < to`, checked (a bad update names its index,
 * field and value: the instance must not trade on it), as lifecycle ticks: the updates of one
 * millisecond make one tick (low and high their extremes, price the last), so a tick's time is
 * where a restart resumes, exactly. `priceBefore` is NaN: the strategy is asked on candle closes
 * only, at the VWAP of the closed candles (SPEC §2); an update watches what is scheduled or open.
 */
export const priceTicksBetween = async (exchange: Exchange, symbol: string, from: number, to: number): Promise<Tick[]> => {
  if (!(to > from)) return [];
  const updates: unknown = await exchange.getPriceUpdates!(symbol, from, to);
  const where = `${exchange.exchangeName}.getPriceUpdates(${JSON.stringify(symbol)}, ${from}, ${to})`;
  if (!Array.isArray(updates)) throw new TypeError(`${where} returned ${JSON.stringify(updates) ?? String(updates)}, not a list of { timestamp, price }`);
  const ticks: Tick[] = [];
  let last = from;
  const shown = (value: unknown): string => (typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value)));
  updates.forEach((update: Partial<PriceUpdate> | null, i) => {
    const timestamp = update?.timestamp;
    const price = update?.price;
    if (typeof timestamp !== "number" || !Number.isInteger(timestamp) || timestamp < last || timestamp >= to) {
      throw new RangeError(`${where}: update ${i}: timestamp = ${shown(timestamp)} must be whole ms in [${last}, ${to}) (in time order, inside the window asked for)`);
    }
    if (typeof price !== "number" || !Number.isFinite(price) || price <= 0) {
      throw new RangeError(`${where}: update ${i} at ${timestamp}: price = ${shown(price)} must be a finite number > 0`);
    }
    last = timestamp;
    const tick = ticks[ticks.length - 1];
    if (tick !== undefined && tick.time === timestamp) {
      ticks[ticks.length - 1] = { time: timestamp, low: Math.min(tick.low, price), high: Math.max(tick.high, price), price, priceBefore: Number.NaN };
    } else ticks.push({ time: timestamp, low: price, high: price, price, priceBefore: Number.NaN });
  });
  return ticks;
};
