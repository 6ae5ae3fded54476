import type { Candle } from "../model/candle.js";
import { vwapOfWindow } from "../math/vwap.js";
import { readPlainRow } from "./plain-row.js";

/**
 * Candles stored column by column in typed arrays: compact (48 bytes a candle), cache-friendly,
 * and cheap to walk in a backtest. Built only through `candleSeries`/`parseCandleCsv`, which
 * validate every value, so the reducers can trust it.
 */
export interface CandleSeries {
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** A malformed candle: names the index, the field and the value. */
export class CandleError extends Error {
  constructor(
    readonly index: number,
    readonly field: keyof Candle,
    readonly value: unknown,
    rule: string,
  ) {
    super(`Candle ${index}: ${field} = ${String(value)} ${rule}`);
    this.name = "CandleError";
  }
}

const PRICE_FIELDS = ["open", "high", "low", "close"] as const;

/**
 * 1973-03-03 in epoch milliseconds. Market data is younger, and a timestamp in seconds of any
 * date up to the year 5138 is below it, so an earlier value is taken for seconds, not for 1970.
 */
const EARLIEST_MS = 1e11;

/** The date a timestamp meant as seconds stands for, as a hint in the error. */
const asSeconds = (time: number): string => (time >= 0 ? ` (as seconds it would be ${new Date(time * 1000).toISOString()})` : "");

const isPrice = (value: number): boolean => value > 0 && value < Infinity;

/** Throws `CandleError` for the first bad value of candle `i` (previous timestamp `prevTime`). */
const checkCandle = (
  i: number,
  timestamp: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
  prevTime: number,
): void => {
  if (!Number.isFinite(timestamp) || !Number.isInteger(timestamp)) {
    throw new CandleError(i, "timestamp", timestamp, "must be a whole number of epoch milliseconds");
  }
  if (timestamp < EARLIEST_MS) {
    throw new CandleError(
      i,
      "timestamp",
      timestamp,
      `is before 1973-03-03 in epoch milliseconds${asSeconds(timestamp)}: timestamps must be epoch milliseconds`,
    );
  }
  if (timestamp <= prevTime) {
    throw new CandleError(i, "timestamp", timestamp, `must be after the previous candle's ${prevTime} (time may not go backwards or repeat)`);
  }
  if (!(isPrice(open) && isPrice(high) && isPrice(low) && isPrice(close))) {
    const prices = [open, high, low, close];
    const bad = prices.findIndex((price) => !isPrice(price));
    throw new CandleError(i, PRICE_FIELDS[bad]!, prices[bad], "must be a finite number > 0");
  }
  if (!Number.isFinite(volume) || volume < 0) throw new CandleError(i, "volume", volume, "must be a finite number ≥ 0");
  if (high < low) throw new CandleError(i, "high", high, `is below low ${low}`);
  if (open > high) throw new CandleError(i, "open", open, `is above high ${high}`);
  if (open < low) throw new CandleError(i, "open", open, `is below low ${low}`);
  if (close > high) throw new CandleError(i, "close", close, `is above high ${high}`);
  if (close < low) throw new CandleError(i, "close", close, `is below low ${low}`);
};

const allocate = (length: number): CandleSeries => ({
  length,
  timestamp: new Float64Array(length),
  open: new Float64Array(length),
  high: new Float64Array(length),
  low: new Float64Array(length),
  close: new Float64Array(length),
  volume: new Float64Array(length),
});

export const candleSeries = (candles: ReadonlyArray<Candle>): CandleSeries => {
  const series = allocate(candles.length);
  candles.forEach((candle, i) => {
    series.timestamp[i] = candle.timestamp;
    series.open[i] = candle.open;
    series.high[i] = candle.high;
    series.low[i] = candle.low;
    series.close[i] = candle.close;
    series.volume[i] = candle.volume;
  });
  return validated(series);
};

/** Checks every candle of a filled series, in order, and returns it. */
const validated = (series: CandleSeries): CandleSeries => {
  const { timestamp, open, high, low, close, volume } = series;
  let prevTime = -Infinity;
  for (let i = 0; i < series.length; i++) {
    checkCandle(i, timestamp[i]!, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, prevTime);
    prevTime = timestamp[i]!;
  }
  return series;
};

const CSV_HEADER = "timestamp,open,high,low,close,volume";

/**
 * Parses `timestamp,open,high,low,close,volume` CSV text (header line first, epoch ms) into a
 * validated series. Pure: reading and unzipping the file is the caller's job.
 *
 * A year of candles is 525,600 lines, so a line of plain decimals is read in one pass over its
 * char codes, with no substring, array or object, straight into the columns (`readPlainRow`);
 * any other line is split and read by `Number`, with the same result for the same text.
 */
export const parseCandleCsv = (text: string): CandleSeries => {
  const headerEnd = text.indexOf("\n");
  const header = (headerEnd < 0 ? text : text.slice(0, headerEnd)).trim();
  if (header !== CSV_HEADER) {
    throw new Error(`Candle CSV: the header must be "${CSV_HEADER}", got "${header}"`);
  }
  const start = headerEnd < 0 ? text.length : headerEnd + 1;
  const capacity = linesFrom(text, start);
  const series = allocate(capacity);
  const columns = [series.timestamp, series.open, series.high, series.low, series.close, series.volume];
  let count = 0;
  let line = 1;
  for (let pos = start; pos < text.length; ) {
    line++;
    const next = readPlainRow(text, pos, columns, count);
    if (next >= 0) {
      count++;
      pos = next;
      continue;
    }
    let lineEnd = text.indexOf("\n", pos);
    if (lineEnd < 0) lineEnd = text.length;
    if (readRow(text, pos, lineEnd, columns, count, line)) count++;
    pos = lineEnd + 1;
  }
  return validated(count === capacity ? series : firstRows(series, count));
};

/** Number of lines from `start` on (a last line without a newline counts). */
const linesFrom = (text: string, start: number): number => {
  let lines = 0;
  for (let pos = start; pos < text.length; lines++) {
    const lineEnd = text.indexOf("\n", pos);
    pos = lineEnd < 0 ? text.length : lineEnd + 1;
  }
  return lines;
};

/**
 * The general reader, for a line `readPlainRow` declined: writes its six cells, each trimmed and
 * read by `Number` (empty = NaN, which validation reports), into row `row`; false for a blank line.
 */
const readRow = (text: string, pos: number, lineEnd: number, columns: ReadonlyArray<Float64Array>, row: number, line: number): boolean => {
  const cells = text.slice(pos, lineEnd).split(",");
  if (cells.length === 1 && cells[0]!.trim() === "") return false;
  if (cells.length !== 6) throw new Error(`Candle CSV line ${line}: expected 6 fields, got ${cells.length}`);
  cells.forEach((cell, f) => {
    const raw = cell.trim();
    columns[f]![row] = raw === "" ? Number.NaN : Number(raw);
  });
  return true;
};

/** The first `count` rows as a series of that length (when blank lines made it shorter). */
const firstRows = (series: CandleSeries, count: number): CandleSeries => ({
  length: count,
  timestamp: series.timestamp.slice(0, count),
  open: series.open.slice(0, count),
  high: series.high.slice(0, count),
  low: series.low.slice(0, count),
  close: series.close.slice(0, count),
  volume: series.volume.slice(0, count),
});

/** VWAP of the `n` candles ending at index `j` (fewer at the start of the series). */
export const vwapAt = (series: CandleSeries, j: number, n: number): number =>
  vwapOfWindow(series.high, series.low, series.close, series.volume, Math.max(0, j - n + 1), j);

/** First index whose timestamp is ≥ `time`, or `length` if none (binary search). */
export const indexAtOrAfter = (series: CandleSeries, time: number): number => {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.timestamp[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * The candles with `from ≤ timestamp ≤ to` as a view on the same memory (no copy): a file loaded
 * once serves every run and every window of it.
 */
export const seriesWindow = (series: CandleSeries, from: number, to: number): CandleSeries => {
  const start = indexAtOrAfter(series, from);
  const end = Math.max(start, indexAtOrAfter(series, to + 1));
  return {
    length: end - start,
    timestamp: series.timestamp.subarray(start, end),
    open: series.open.subarray(start, end),
    high: series.high.subarray(start, end),
    low: series.low.subarray(start, end),
    close: series.close.subarray(start, end),
    volume: series.volume.subarray(start, end),
  };
};
