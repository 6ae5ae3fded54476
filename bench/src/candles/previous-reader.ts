/**
 * The reference for the candle-loading bench: `parseCandleCsv` as it was before the one-pass
 * reader (tickfold 3e22afc), a substring, a trim and a `Number` per cell, collected in a plain
 * array, then each candle checked (with the checks of that version) and copied into columns.
 * Kept frozen here so that the bench can time it next to the loader; the library does not use it.
 */
const PRICE_FIELDS = ["open", "high", "low", "close"] as const;

const bad = (i: number, field: string, value: number) => new Error(`Candle ${i}: ${field} = ${value}`);

const check = (i: number, timestamp: number, prices: Readonly<Record<(typeof PRICE_FIELDS)[number], number>>, volume: number, prevTime: number): void => {
  if (!Number.isFinite(timestamp) || !Number.isInteger(timestamp)) throw bad(i, "timestamp", timestamp);
  if (timestamp <= prevTime) throw bad(i, "timestamp", timestamp);
  for (const field of PRICE_FIELDS) {
    const value = prices[field];
    if (!Number.isFinite(value) || value <= 0) throw bad(i, field, value);
  }
  if (!Number.isFinite(volume) || volume < 0) throw bad(i, "volume", volume);
  if (prices.high < prices.low) throw bad(i, "high", prices.high);
};

export const readCandlesThePreviousWay = (text: string): Float64Array[] => {
  const headerEnd = text.indexOf("\n");
  const fields = new Float64Array(6);
  const rows: number[] = [];
  let pos = headerEnd < 0 ? text.length : headerEnd + 1;
  while (pos < text.length) {
    let lineEnd = text.indexOf("\n", pos);
    if (lineEnd < 0) lineEnd = text.length;
    if (text.slice(pos, lineEnd).trim() !== "") {
      let cell = pos;
      for (let f = 0; f < 6; f++) {
        const comma = f < 5 ? text.indexOf(",", cell) : lineEnd;
        if (comma < 0 || comma > lineEnd) throw new Error("expected 6 fields");
        const raw = text.slice(cell, comma).trim();
        fields[f] = raw === "" ? Number.NaN : Number(raw);
        cell = comma + 1;
      }
      for (let f = 0; f < 6; f++) rows.push(fields[f]!);
    }
    pos = lineEnd + 1;
  }
  const count = rows.length / 6;
  const columns = Array.from({ length: 6 }, () => new Float64Array(count));
  let prevTime = -Infinity;
  for (let i = 0; i < count; i++) {
    const o = i * 6;
    const prices = { open: rows[o + 1]!, high: rows[o + 2]!, low: rows[o + 3]!, close: rows[o + 4]! };
    check(i, rows[o]!, prices, rows[o + 5]!, prevTime);
    prevTime = rows[o]!;
    for (let f = 0; f < 6; f++) columns[f]![i] = rows[o + f]!;
  }
  return columns;
};
