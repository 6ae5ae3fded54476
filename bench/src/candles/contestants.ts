import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { CandleSeries } from "@tickfold/core";
import { readCandleFile } from "tickfold";
import type { Contestant } from "../lifecycle/measure.js";
import { readCandlesThePreviousWay } from "./previous-reader.js";

/** What a contestant produced: the six columns, or for the floor the unzipped bytes. */
export type Produced = ReadonlyArray<ArrayLike<number>>;

export const GUNZIP = "gunzip";
export const LOAD = "load";
export const PREVIOUS = "previous";

export const columnsOf = (series: CandleSeries): Produced => [series.timestamp, series.open, series.high, series.low, series.close, series.volume];

/**
 * The floor (reading and unzipping the file, nothing else), tickfold's `readCandleFile` as the
 * file exchange, the demo and the examples call it (read, unzip, `parseCandleCsv` of the bytes,
 * validation included), and the previous loader (read, unzip, decode to text, the previous reader).
 */
export const candleContestants = (path: string): Contestant<Produced>[] => [
  { name: GUNZIP, run: () => [gunzipSync(readFileSync(path))] },
  { name: LOAD, run: () => columnsOf(readCandleFile(path)) },
  { name: PREVIOUS, run: () => readCandlesThePreviousWay(gunzipSync(readFileSync(path)).toString("utf8")) },
];

const COLUMNS = ["timestamp", "open", "high", "low", "close", "volume"];

/** Where two results differ, value for value (`Object.is`: bit for bit, NaN equal to itself); empty when identical. */
export const columnDifferences = (a: Produced, b: Produced): string[] => {
  if (a.length !== b.length) return [`${a.length} columns against ${b.length}`];
  return a.flatMap((column, c) => {
    const other = b[c]!;
    const name = a.length === COLUMNS.length ? COLUMNS[c]! : `column ${c}`;
    if (column.length !== other.length) return [`${name}: ${column.length} values against ${other.length}`];
    for (let i = 0; i < column.length; i++) {
      if (!Object.is(column[i], other[i])) return [`${name}[${i}]: ${column[i]} against ${other[i]}`];
    }
    return [];
  });
};
