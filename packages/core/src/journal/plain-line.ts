import type { JournalEntry } from "./entry.js";

/**
 * The lines a journal is mostly made of, read without JSON.parse: a tick, a risk verdict, a stop,
 * a strategy's null answer, laid out exactly as `encodeJournalLine` writes them (keys in the
 * engine's order, no spaces), a tick's numbers read where they stand. Any other text, a valid line with another layout included, gives
 * `undefined` and goes to the general path (JSON.parse and zod), which also words every error; a
 * property holds that whatever this accepts, the general path accepts with an equal value.
 */
export const readPlainLine = (line: string): JournalEntry | undefined => {
  if (!line.startsWith(INPUT)) return undefined;
  if (line.startsWith(TICK, INPUT.length)) return readTick(line, INPUT.length + TICK.length);
  if (line === RISK_TRUE) return { type: "input", input: { kind: "risk", allowed: true } };
  if (line === RISK_FALSE) return { type: "input", input: { kind: "risk", allowed: false } };
  if (line === STOP) return { type: "input", input: { kind: "stop" } };
  if (line === NO_PROPOSAL) return { type: "input", input: { kind: "proposal", proposal: null } };
  return undefined;
};

const INPUT = `{"type":"input","input":{"kind":`;
const TICK = `"tick","time":`;
const RISK_TRUE = `${INPUT}"risk","allowed":true}}`;
const RISK_FALSE = `${INPUT}"risk","allowed":false}}`;
const STOP = `${INPUT}"stop"}}`;
/** A strategy's "no signal"; every other proposal is validated by the general path. */
const NO_PROPOSAL = `${INPUT}"proposal","proposal":null}}`;

/** `priceBefore` may be any number (NaN before any history): its tagged forms, written whole. */
const TAGGED_TAIL = new Map<string, number>([
  [`{"$number":"NaN"}}}`, Number.NaN],
  [`{"$number":"Infinity"}}}`, Number.POSITIVE_INFINITY],
  [`{"$number":"-Infinity"}}}`, Number.NEGATIVE_INFINITY],
  [`{"$number":"-0"}}}`, -0],
]);

const SEPARATORS = [`,"low":`, `,"high":`, `,"price":`, `,"priceBefore":`] as const;

/**
 * The five numbers, each found by the separator after it (`indexOf`, far cheaper than reading
 * every character in JS) and read by `jsonNumber`; `priceBefore` may also be one of the four
 * tagged numbers.
 */
const readTick = (line: string, from: number): JournalEntry | undefined => {
  const values = [0, 0, 0, 0];
  let at = from;
  for (let k = 0; k < 4; k++) {
    const end = line.indexOf(SEPARATORS[k]!, at);
    if (end < 0) return undefined;
    const value = jsonNumber(line, at, end);
    if (!Number.isFinite(value)) return undefined;
    values[k] = value;
    at = end + SEPARATORS[k]!.length;
  }
  const end = line.length - 2;
  if (line.charCodeAt(end) !== 125 || line.charCodeAt(end + 1) !== 125) return undefined; // }}
  let priceBefore = jsonNumber(line, at, end);
  if (Number.isNaN(priceBefore)) {
    const tagged = TAGGED_TAIL.get(line.slice(at));
    if (tagged === undefined) return undefined;
    priceBefore = tagged;
  }
  return { type: "input", input: { kind: "tick", time: values[0]!, low: values[1]!, high: values[2]!, price: values[3]!, priceBefore } };
};

/**
 * The JSON number that is exactly `line[from, to)` (RFC 8259: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?),
 * with the value JSON.parse gives it; NaN for any other text. `Number` does the conversion (the
 * same correctly rounded one JSON.parse uses, and 1e400 is Infinity in both) and rejects most
 * non-JSON text; the checks here reject the rest that it takes: a leading "+", ".", space or
 * zero ("01", "0x1f"), a "." without a digit after it, and an empty or unfinished text.
 */
const jsonNumber = (line: string, from: number, to: number): number => {
  let first = from;
  if (line.charCodeAt(first) === 45) first++; // -
  if (!isDigit(line.charCodeAt(first)) || !isDigit(line.charCodeAt(to - 1))) return Number.NaN;
  if (line.charCodeAt(first) === 48 && first + 1 < to) {
    const next = line.charCodeAt(first + 1);
    if (next !== 46 && next !== 101 && next !== 69) return Number.NaN; // only . e E may follow a leading 0
  }
  const dot = line.indexOf(".", first);
  if (dot >= 0 && dot < to && !isDigit(line.charCodeAt(dot + 1))) return Number.NaN;
  return Number(line.slice(from, to));
};

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
