import type { Candle } from "../model/candle.js";
import { vwapOfWindow } from "../math/vwap.js";
import { bytesOfText, scanPlainRows, textOfBytes, type ScanPosition } from "./plain-row.js";

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
const NEWLINE = 10;

/**
 * Parses `timestamp,open,high,low,close,volume` CSV (header line first, epoch ms) into a
 * validated series, from its text or straight from its bytes (ASCII or UTF-8, as read from a
 * file: no decoding needed). Pure: reading and unzipping the file is the caller's job.
 *
 * A year of candles is 525,600 lines, so a line of plain decimals is read in one pass over its
 * bytes, with no substring, array or object, straight into the columns (`scanPlainRows`); any
 * other line is split and read by `Number`, with the same result for the same text.
 */
export const parseCandleCsv = (csv: string | Uint8Array): CandleSeries => {
  const bytes = typeof csv === "string" ? bytesOfText(csv) : csv;
  const textAt = typeof csv === "string" ? (from: number, to: number) => csv.slice(from, to) : (from: number, to: number) => textOfBytes(csv, from, to);
  // A UTF-8 byte order mark is not part of the header (the text's is, and trim() drops it).
  const first = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const headerEnd = bytes.indexOf(NEWLINE);
  const end = (lineEnd: number) => (lineEnd < 0 ? bytes.length : lineEnd);
  const header = textAt(first, Math.min(end(headerEnd), first + 200)).trim();
  if (header !== CSV_HEADER) {
    throw new Error(`Candle CSV: the header must be "${CSV_HEADER}", got "${header}"`);
  }
  const start = end(headerEnd) + 1;
  let series = allocate(estimatedRows(bytes, start));
  const at: ScanPosition = { pos: start, row: 0 };
  for (;;) {
    scanPlainRows(bytes, at, columnsOf(series));
    if (at.pos >= bytes.length) break;
    if (at.row === series.length) {
      series = grown(series);
      continue;
    }
    const lineEnd = end(bytes.indexOf(NEWLINE, at.pos));
    if (readRow(textAt(at.pos, lineEnd), columnsOf(series), at.row, lineNumberAt(bytes, at.pos))) at.row++;
    at.pos = lineEnd + 1;
  }
  return validated(firstRows(series, at.row));
};

const columnsOf = (s: CandleSeries): Float64Array[] => [s.timestamp, s.open, s.high, s.low, s.close, s.volume];

/**
 * Room for the rows, guessed from the length of lines sampled through the file, with a tenth to
 * spare: counting the lines first would cost a pass over the bytes, and a short guess costs one
 * `grown` copy.
 */
const estimatedRows = (bytes: Uint8Array, start: number): number => {
  const SAMPLES = 32;
  let sampled = 0;
  let lengths = 0;
  for (let k = 0; k < SAMPLES; k++) {
    const from = bytes.indexOf(NEWLINE, start + Math.floor(((bytes.length - start) * k) / SAMPLES));
    const to = from < 0 ? -1 : bytes.indexOf(NEWLINE, from + 1);
    if (to < 0) continue;
    sampled++;
    lengths += to - from;
  }
  const lineLength = sampled === 0 ? 12 : Math.max(12, lengths / sampled);
  return Math.ceil(((bytes.length - start) / lineLength) * 1.1) + 16;
};

/** The same rows with twice the room. */
const grown = (s: CandleSeries): CandleSeries => {
  const bigger = allocate(2 * s.length + 16);
  columnsOf(bigger).forEach((column, f) => column.set(columnsOf(s)[f]!));
  return bigger;
};

/** The 1-based line number of the line starting at `pos`, for errors (counted only then). */
const lineNumberAt = (bytes: Uint8Array, pos: number): number => {
  let line = 1;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < pos; i = bytes.indexOf(NEWLINE, i + 1)) line++;
  return line;
};

/**
 * The general reader, for a line `scanPlainRows` declined: writes its six cells, each trimmed and
 * read by `Number` (empty = NaN, which validation reports), into row `row`; false for a blank line.
 */
const readRow = (text: string, columns: ReadonlyArray<Float64Array>, row: number, line: number): boolean => {
  const cells = text.split(",");
  if (cells.length === 1 && cells[0]!.trim() === "") return false;
  if (cells.length !== 6) throw new Error(`Candle CSV line ${line}: expected 6 fields, got ${cells.length}`);
  cells.forEach((cell, f) => {
    const raw = cell.trim();
    columns[f]![row] = raw === "" ? Number.NaN : Number(raw);
  });
  return true;
};

/** The first `count` rows, as views (the spare room of the guess stays unused). */
const firstRows = (series: CandleSeries, count: number): CandleSeries => ({
  length: count,
  timestamp: series.timestamp.subarray(0, count),
  open: series.open.subarray(0, count),
  high: series.high.subarray(0, count),
  low: series.low.subarray(0, count),
  close: series.close.subarray(0, count),
  volume: series.volume.subarray(0, count),
});

/** VWAP of the `n` candles ending at index `j` (fewer at the start of the series). */
export const vwapAt = (series: CandleSeries, j: number, n: number): number =>
  vwapOfWindow(series.high, series.low, series.close, series.volume, Math.max(0, j - n + 1), j);

/** First index whose timestamp is ≥ `time`, or `length` if none (binary search); any time-ordered columns. */
export const indexAtOrAfter = (series: Pick<CandleSeries, "length" | "timestamp">, time: number): number => {
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
