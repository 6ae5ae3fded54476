import type { JournalEntry } from "./entry.js";
import { scanJsonNumber, scannedTo } from "./json-number.js";

/**
 * The lines a journal is mostly made of, read without JSON.parse: a tick, a risk verdict, a stop,
 * a strategy's null answer, laid out exactly as `encodeJournalLine` writes them (keys in the
 * engine's order, no spaces), a tick's numbers read where they stand. Any other text, a valid line with another layout included, gives
 * `undefined` and goes to the general path (JSON.parse and zod), which also words every error; a
 * property holds that whatever this accepts, the general path accepts with an equal value.
 */
export const readPlainLine = (line: string): JournalEntry | undefined => {
  // The "t" of "tick" where a tick's kind stands: the rest of its prefix is checked on its bytes.
  if (line.charCodeAt(TICK_T) === 116 && line.length > TICK.length) return readTick(line);
  if (line === RISK_TRUE) return { type: "input", input: { kind: "risk", allowed: true } };
  if (line === RISK_FALSE) return { type: "input", input: { kind: "risk", allowed: false } };
  if (line === STOP) return { type: "input", input: { kind: "stop" } };
  if (line === NO_PROPOSAL) return { type: "input", input: { kind: "proposal", proposal: null } };
  return undefined;
};

const INPUT = `{"type":"input","input":{"kind":`;
const TICK = `${INPUT}"tick","time":`;
const TICK_T = INPUT.length + 1;
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

/** A tick's prefix and the keys between its numbers, as bytes. */
const TICK_BYTES = bytesOf(TICK);
const LOW = bytesOf(`,"low":`);
const HIGH = bytesOf(`,"high":`);
const PRICE = bytesOf(`,"price":`);
const PRICE_BEFORE = bytesOf(`,"priceBefore":`);

/**
 * The tick line's bytes go here (encodeInto, no allocation), a 0 after them: a byte no number
 * and no key has, so the scans need no bound. A longer line is no tick `encodeJournalLine` writes
 * (its numbers are at most 24 characters); it goes to the general path.
 */
const LINE_BYTES = new Uint8Array(512);
/** In every runtime core runs in (Node, browsers, workers); core's lib (ES2022) does not declare it. */
declare const TextEncoder: new () => { encode(text: string): Uint8Array; encodeInto(text: string, into: Uint8Array): { read: number; written: number } };
const ENCODE_TARGET = LINE_BYTES.subarray(0, LINE_BYTES.length - 1);
const encoder = new TextEncoder();

/**
 * The five numbers read in one pass from the left over the line's bytes: each scanned where it
 * stands (`scanJsonNumber`, which also says where it ended), then the key after it checked in
 * place. `priceBefore` may also be one of the four tagged numbers. Written out, not looped: no
 * array per line, no slice per number.
 */
const readTick = (line: string): JournalEntry | undefined => {
  const { read, written } = encoder.encodeInto(line, ENCODE_TARGET);
  // Not all of it, or not ASCII (then bytes and characters would not line up).
  if (read !== line.length || written !== read) return undefined;
  const bytes = LINE_BYTES;
  bytes[written] = 0;
  if (!follows(bytes, 0, TICK_BYTES)) return undefined;
  const time = scanJsonNumber(bytes, TICK.length, line);
  if (!follows(bytes, scannedTo, LOW)) return undefined;
  const low = scanJsonNumber(bytes, scannedTo + LOW.length, line);
  if (!follows(bytes, scannedTo, HIGH)) return undefined;
  const high = scanJsonNumber(bytes, scannedTo + HIGH.length, line);
  if (!follows(bytes, scannedTo, PRICE)) return undefined;
  const price = scanJsonNumber(bytes, scannedTo + PRICE.length, line);
  if (!follows(bytes, scannedTo, PRICE_BEFORE)) return undefined;
  if (!(Number.isFinite(time) && Number.isFinite(low) && Number.isFinite(high) && Number.isFinite(price))) return undefined;
  const beforeFrom = scannedTo + PRICE_BEFORE.length;
  let priceBefore = scanJsonNumber(bytes, beforeFrom, line);
  if (Number.isNaN(priceBefore)) {
    const tagged = TAGGED_TAIL.get(line.slice(beforeFrom));
    if (tagged === undefined) return undefined;
    priceBefore = tagged;
  } else if (scannedTo !== written - 2 || bytes[scannedTo] !== 125 || bytes[scannedTo + 1] !== 125) return undefined; // }}
  return { type: "input", input: { kind: "tick", time, low, high, price, priceBefore } };
};

/** Whether `literal` stands in `bytes` at `at` (the 0 after the line ends any match there). */
const follows = (bytes: Uint8Array, at: number, literal: Uint8Array): boolean => {
  for (let k = 0; k < literal.length; k++) if (bytes[at + k] !== literal[k]) return false;
  return true;
};

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
