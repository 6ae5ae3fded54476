import type { Tick } from "../lifecycle/state.js";
import type { JournalBodyEntry } from "./entry.js";
import type { JournalLine } from "./journal-lines.js";
import { NO_NUMBER, scanJsonNumber } from "./json-number.js";
import { decodeTaggedJson } from "./tagged-json.js";

/**
 * The lines a journal is mostly made of, read without zod, laid out exactly as `encodeJournalLine`
 * writes them (keys in the engine's order, no spaces): a tick (its numbers read where they stand
 * in the line's bytes), a risk verdict, a stop, and a strategy's answer (only the answer goes to
 * JSON.parse). Any other text, a valid line with another layout included, is left to the general
 * path (JSON.parse and zod), which also words every error; a property holds that whatever these
 * accept, the general path accepts with an equal value.
 */

/**
 * A tick's numbers, written in place by `readPlainTick` (one array, reused line after line): a
 * typed array, so no number read is ever boxed. Indexed by `TICK`.
 */
export type TickNumbers = Float64Array;
export const TICK = { time: 0, low: 1, high: 2, price: 3, priceBefore: 4 } as const;

export const newTickNumbers = (): TickNumbers => new Float64Array(5);

/** The tick input of numbers `readPlainTick` read (a new object: the reducer may keep it). */
export const tickInput = (t: TickNumbers): { readonly kind: "tick" } & Tick => ({
  kind: "tick",
  time: t[TICK.time]!,
  low: t[TICK.low]!,
  high: t[TICK.high]!,
  price: t[TICK.price]!,
  priceBefore: t[TICK.priceBefore]!,
});

/** Any plain line as its entry (ticks as a new object, the others shared), or undefined. */
export const readPlainLine = (line: JournalLine): JournalBodyEntry | undefined => {
  if (!line.hasBytes) return readPlainProposal(line);
  if (readPlainTick(line, scratch)) return { type: "input", input: tickInput(scratch) };
  if (isLine(line, RISK_TRUE)) return RISK_TRUE_ENTRY;
  if (isLine(line, RISK_FALSE)) return RISK_FALSE_ENTRY;
  if (isLine(line, STOP)) return STOP_ENTRY;
  if (isLine(line, NO_PROPOSAL)) return NO_PROPOSAL_ENTRY;
  return readPlainProposal(line);
};

/**
 * A strategy's answer: the line's frame checked on its bytes, the answer itself read by JSON.parse
 * (it may be any value; the reducer validates it). The answer's text must be one JSON value on
 * its own, so no line of another shape gets through; zod is spared, which was most of a
 * proposal's cost.
 */
const readPlainProposal = (line: JournalLine): JournalBodyEntry | undefined => {
  const { bytes, view, start, end } = line;
  // Framed as `encodeJournalLine` writes it (a line too long to be copied into bytes is checked as text).
  if (line.hasBytes && (end - start < PROPOSAL.length + 3 || !stands(view, start, end, PROPOSAL) || bytes[end - 2] !== 125 || bytes[end - 1] !== 125)) return undefined; // }}
  let proposal: unknown;
  try {
    const text = line.text();
    if (!line.hasBytes && !(text.startsWith(PROPOSAL_TEXT) && text.endsWith("}}") && text.length >= PROPOSAL_TEXT.length + 3)) return undefined;
    proposal = decodeTaggedJson(text.slice(PROPOSAL_TEXT.length, text.length - 2));
  } catch {
    return undefined;
  }
  return { type: "input", input: { kind: "proposal", proposal } };
};

const scratch = newTickNumbers();

const INPUT = `{"type":"input","input":{"kind":`;
const TICK_PREFIX = `${INPUT}"tick","time":`;
/** Where the "t" of "tick" stands: most lines are ticks, and the rest fail there at once. */
const TICK_T = INPUT.length + 1;

/**
 * Whether the line is a tick as `encodeJournalLine` writes it; its five numbers are then in
 * `into`. Each number is scanned where it stands (`scanJsonNumber`, which also says where it
 * ended), then the key after it is checked in place: one pass from the left, no array, no slice.
 * `priceBefore` may also be one of the four tagged numbers (NaN before any history).
 */
export const readPlainTick = (line: JournalLine, into: TickNumbers): boolean => {
  const { bytes, view, start, end } = line;
  if (!line.hasBytes || bytes[start + TICK_T] !== 116 || !stands(view, start, end, TICK_START)) return false;
  let at = scanJsonNumber(bytes, start + TICK_START.length, into, TICK.time);
  if (at === NO_NUMBER || !stands(view, at, end, LOW)) return false;
  at = scanJsonNumber(bytes, at + LOW.length, into, TICK.low);
  if (at === NO_NUMBER || !stands(view, at, end, HIGH)) return false;
  at = scanJsonNumber(bytes, at + HIGH.length, into, TICK.high);
  if (at === NO_NUMBER || !stands(view, at, end, PRICE)) return false;
  at = scanJsonNumber(bytes, at + PRICE.length, into, TICK.price);
  if (at === NO_NUMBER || !stands(view, at, end, PRICE_BEFORE)) return false;
  // A JSON number is never NaN or infinite: those (and -0) are tagged, and a tagged time or price is the general path's.
  if (!(Number.isFinite(into[TICK.time]) && Number.isFinite(into[TICK.low]) && Number.isFinite(into[TICK.high]) && Number.isFinite(into[TICK.price]))) return false;
  const beforeFrom = at + PRICE_BEFORE.length;
  at = scanJsonNumber(bytes, beforeFrom, into, TICK.priceBefore);
  if (at !== NO_NUMBER) return at === end - 2 && bytes[at] === 125 && bytes[at + 1] === 125; // }}
  return taggedTail(view, beforeFrom, end, into);
};

const RISK_TRUE = literalOf(`${INPUT}"risk","allowed":true}}`);
const RISK_FALSE = literalOf(`${INPUT}"risk","allowed":false}}`);
const STOP = literalOf(`${INPUT}"stop"}}`);
/** A strategy's "no signal", and the frame of any other answer. */
const NO_PROPOSAL = literalOf(`${INPUT}"proposal","proposal":null}}`);
const PROPOSAL_TEXT = `${INPUT}"proposal","proposal":`;
const PROPOSAL = literalOf(PROPOSAL_TEXT);

// Entries are never changed by a reader or a replay, so the lines that carry no value share one.
const RISK_TRUE_ENTRY: JournalBodyEntry = Object.freeze({ type: "input", input: Object.freeze({ kind: "risk", allowed: true }) });
const RISK_FALSE_ENTRY: JournalBodyEntry = Object.freeze({ type: "input", input: Object.freeze({ kind: "risk", allowed: false }) });
const STOP_ENTRY: JournalBodyEntry = Object.freeze({ type: "input", input: Object.freeze({ kind: "stop" }) });
const NO_PROPOSAL_ENTRY: JournalBodyEntry = Object.freeze({ type: "input", input: Object.freeze({ kind: "proposal", proposal: null }) });

const isLine = (line: JournalLine, literal: Literal): boolean => line.end - line.start === literal.length && stands(line.view, line.start, line.end, literal);

/** A tick's start and the keys between its numbers. */
const TICK_START = literalOf(TICK_PREFIX);
const LOW = literalOf(`,"low":`);
const HIGH = literalOf(`,"high":`);
const PRICE = literalOf(`,"price":`);
const PRICE_BEFORE = literalOf(`,"priceBefore":`);

/** `priceBefore`'s tagged forms with the line's end, written whole: `{"$number":"NaN"}}}` and so on. */
const TAGGED_TAILS: ReadonlyArray<readonly [Literal, number]> = [
  [literalOf(`{"$number":"NaN"}}}`), Number.NaN],
  [literalOf(`{"$number":"Infinity"}}}`), Number.POSITIVE_INFINITY],
  [literalOf(`{"$number":"-Infinity"}}}`), Number.NEGATIVE_INFINITY],
  [literalOf(`{"$number":"-0"}}}`), -0],
];
/** Whether the line ends in one of them; its number then goes to `priceBefore`. */
const taggedTail = (view: DataView, from: number, end: number, into: TickNumbers): boolean => {
  for (const [tail, value] of TAGGED_TAILS) {
    if (end - from === tail.length && stands(view, from, end, tail)) {
      into[TICK.priceBefore] = value;
      return true;
    }
  }
  return false;
};

/**
 * Whether `literal` (at least 4 bytes) stands at `at`, within the line (before `end`), compared
 * four bytes at a time: the keys of a tick line are over half of its bytes, and one 32-bit
 * compare measured about four times cheaper than four byte compares. The last word overlaps the
 * one before it when the length is not a multiple of 4.
 */
const stands = (view: DataView, at: number, end: number, literal: Literal): boolean => {
  const { length, words } = literal;
  if (end - at < length) return false;
  const last = length - 4;
  for (let k = 0; k < last; k += 4) if (view.getUint32(at + k, true) !== words[k >> 2]) return false;
  return view.getUint32(at + last, true) === words[words.length - 1];
};

/** In every runtime core runs in (Node, browsers, workers); core's lib (ES2022) does not declare it. */
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

/** A literal's bytes, and its 32-bit words as `stands` reads them (little-endian: every fourth offset, then the last four bytes). */
interface Literal {
  readonly length: number;
  readonly words: Uint32Array;
}

function literalOf(text: string): Literal {
  const bytes = new TextEncoder().encode(text);
  const view = new DataView(bytes.buffer);
  const words: number[] = [];
  for (let k = 0; k < bytes.length - 4; k += 4) words.push(view.getUint32(k, true));
  words.push(view.getUint32(bytes.length - 4, true));
  return { length: bytes.length, words: Uint32Array.from(words) };
}
