import { candleSeries, indexAtOrAfter, seriesWindow, type Candle, type CandleSeries } from "@tickfold/core";
import type { ExchangeSchema, PriceUpdate } from "@tickfold/core/engine";
import { minuteCandles, perSymbolFile, readDataFile } from "./file-exchange.js";

/** Recorded trades, column by column, in time order. */
export interface TickFile {
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
}

const TICK_HEADER = "timestamp,id,price,qty,is_buyer_maker";

/**
 * Parses a trade CSV (`timestamp,id,price,qty,is_buyer_maker`, epoch ms, the format of
 * `examples/data/*-tick-*.csv.gz`). Every row is checked: a bad one is an error naming its line,
 * field and value, and nothing of the file is used.
 */
export const parseTickCsv = (text: string): TickFile => {
  const lines = text.split("\n");
  const header = (lines[0] ?? "").replace(/^\uFEFF/, "").trim();
  if (header !== TICK_HEADER) throw new Error(`Tick CSV line 1: the header must be "${TICK_HEADER}", got "${header.slice(0, 80)}"`);
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const length = lines.length - 1;
  const file: TickFile = { length, timestamp: new Float64Array(length), price: new Float64Array(length), qty: new Float64Array(length) };
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    const line = i + 2;
    const fields = lines[i + 1]!.trimEnd().split(",");
    const bad = (field: string, value: unknown, rule: string): Error => new Error(`Tick CSV line ${line}: ${field} = ${JSON.stringify(value)} ${rule}`);
    if (fields.length !== 5) throw bad("row", lines[i + 1], `must have 5 fields (${TICK_HEADER}), has ${fields.length}`);
    const [time, id, price, qty, maker] = fields as [string, string, string, string, string];
    const timestamp = Number(time);
    if (time === "" || !Number.isInteger(timestamp) || timestamp < 0) throw bad("timestamp", time, "must be a time in epoch ms");
    if (timestamp < previous) throw bad("timestamp", time, `must not be before the previous row's ${previous} (rows in time order)`);
    if (id === "" || !Number.isInteger(Number(id))) throw bad("id", id, "must be a whole number");
    const p = Number(price);
    if (price === "" || !Number.isFinite(p) || p <= 0) throw bad("price", price, "must be a finite number > 0");
    const q = Number(qty);
    if (qty === "" || !Number.isFinite(q) || q <= 0) throw bad("qty", qty, "must be a finite number > 0");
    if (maker !== "0" && maker !== "1") throw bad("is_buyer_maker", maker, "must be 0 or 1");
    file.timestamp[i] = timestamp;
    file.price[i] = p;
    file.qty[i] = q;
    previous = timestamp;
  }
  return file;
};

/** Reads a (gzipped when it ends in `.gz`) trade CSV; errors name the file. */
export const readTickFile = (path: string): TickFile => readDataFile("Tick file", path, (bytes) => parseTickCsv(bytes.toString("utf8")));

/**
 * 1-minute candles of the trades (open the first, high and low the extremes, close the last,
 * volume the summed quantity), for the minutes the recording covers whole: strictly between the
 * minute of its first trade and that of its last.
 */
export const candlesOfTrades = (ticks: TickFile): CandleSeries => {
  const candles: Candle[] = [];
  if (ticks.length === 0) return candleSeries(candles);
  const firstMinute = Math.floor(ticks.timestamp[0]! / 60_000) * 60_000;
  const lastMinute = Math.floor(ticks.timestamp[ticks.length - 1]! / 60_000) * 60_000;
  for (let minute = firstMinute + 60_000; minute < lastMinute; minute += 60_000) {
    const from = indexAtOrAfter(ticks, minute);
    const to = indexAtOrAfter(ticks, minute + 60_000);
    if (from === to) continue;
    let high = ticks.price[from]!;
    let low = high;
    let volume = 0;
    for (let i = from; i < to; i++) {
      high = Math.max(high, ticks.price[i]!);
      low = Math.min(low, ticks.price[i]!);
      volume += ticks.qty[i]!;
    }
    candles.push({ timestamp: minute, open: ticks.price[from]!, high, low, close: ticks.price[to - 1]!, volume });
  }
  return candleSeries(candles);
};

export interface TickFileExchangeOptions {
  readonly exchangeName: string;
  /** symbol → path of a trade CSV (see `parseTickCsv`), gzipped when it ends in `.gz`. */
  readonly files: Readonly<Record<string, string>>;
  /** How often a live instance asks for the trades since its last question (ms, default 1000). */
  readonly priceUpdateIntervalMs?: number;
}

/**
 * An exchange replaying recorded trades: its candles are the trades' 1-minute candles
 * (`candlesOfTrades`) and it offers every trade as a price update between them
 * (`getPriceUpdates`), so a live instance on a simulated clock trades a recording as it would
 * have traded it live. Each file is read and checked once, on first use.
 */
export const tickFileExchange = (options: TickFileExchangeOptions): ExchangeSchema => {
  const recordingOf = perSymbolFile(options.exchangeName, options.files, "tick file", (path) => {
    const ticks = readTickFile(path);
    return { ticks, candles: candlesOfTrades(ticks) };
  });
  return {
    exchangeName: options.exchangeName,
    ...(options.priceUpdateIntervalMs === undefined ? {} : { priceUpdateIntervalMs: options.priceUpdateIntervalMs }),
    getCandleSeries: (symbol, from, to) => seriesWindow(recordingOf(symbol).candles, from, to),
    getCandles: (symbol, interval, since, limit) =>
      minuteCandles(options.exchangeName, "candles are made per minute from the trades", recordingOf(symbol).candles, interval, since, limit),
    getPriceUpdates: (symbol, from, to) => {
      const { ticks } = recordingOf(symbol);
      const updates: PriceUpdate[] = [];
      for (let i = indexAtOrAfter(ticks, from); i < ticks.length && ticks.timestamp[i]! < to; i++) updates.push({ timestamp: ticks.timestamp[i]!, price: ticks.price[i]! });
      return updates;
    },
  };
};
