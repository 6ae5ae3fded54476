/**
 * Reading a JSON number where it stands in a line, in one pass over the line's bytes, with the
 * value `JSON.parse` gives it. `Number(line.slice(…))` costs a slice, a second scan and V8's
 * general decimal conversion, and `charCodeAt` measured about three times a byte array's cost per
 * character; a journal tick holds four prices of 16–17 digits (VWAPs), and reading them was most
 * of a replay's time.
 */

/**
 * The JSON number (RFC 8259: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?) that starts at `from` in `bytes`
 * (followed by a byte that is no part of a number, so the scan needs no bound), as long as the
 * grammar allows, into `into[slot]`; the index after it is returned, or `NO_NUMBER` when no JSON
 * number starts there. The value goes to a typed array, not back as the result: the scan is too
 * big to inline, and a double returned from a call is a new heap number each time (five a tick
 * line, most of a replay's garbage), where a typed array takes it unboxed. Up to 17 digits without an exponent are converted here, exactly (see
 * `exactDecimal`); the rest, and the rare case that conversion cannot settle, go to `Number` of
 * the checked text, the correctly rounded conversion JSON.parse uses too.
 */
export const scanJsonNumber = (bytes: Uint8Array, from: number, into: Float64Array, slot: number): number => {
  let i = from;
  let c = bytes[i]!;
  const negative = c === 45; // -
  if (negative) c = bytes[++i]!;
  if (!isDigit(c)) return NO_NUMBER;
  // The first nine digits in `head`, up to eight more in `tail`: each an exact integer.
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  let digits = 0;
  let fraction = 0;
  if (c === 48) {
    digits = 1;
    c = bytes[++i]!;
    if (isDigit(c)) return NO_NUMBER; // "01"
  } else {
    do {
      if (digits < 9) head = head * 10 + (c - 48);
      else if (digits < 17) {
        tail = tail * 10 + (c - 48);
        tailDigits++;
      }
      digits++;
      c = bytes[++i]!;
    } while (isDigit(c));
  }
  if (c === 46) {
    // .
    c = bytes[++i]!;
    if (!isDigit(c)) return NO_NUMBER;
    do {
      if (digits < 9) head = head * 10 + (c - 48);
      else if (digits < 17) {
        tail = tail * 10 + (c - 48);
        tailDigits++;
      }
      digits++;
      fraction++;
      c = bytes[++i]!;
    } while (isDigit(c));
  }
  if (c === 101 || c === 69) {
    // e E: rare in a journal; the grammar is checked here, the value left to Number.
    c = bytes[++i]!;
    if (c === 43 || c === 45) c = bytes[++i]!;
    if (!isDigit(c)) return NO_NUMBER;
    do c = bytes[++i]!;
    while (isDigit(c));
    into[slot] = Number(asciiText(bytes, from, i));
    return i;
  }
  if (digits > 17 || !exactDecimal(head, tail, tailDigits, fraction, into, slot)) into[slot] = Number(asciiText(bytes, from, i));
  else if (negative) into[slot] = -into[slot]!;
  return i;
};

/** The scanned number's characters (digits, sign, point, exponent: one byte each). */
const asciiText = (bytes: Uint8Array, from: number, to: number): string => {
  let text = "";
  for (let i = from; i < to; i++) text += String.fromCharCode(bytes[i]!);
  return text;
};

/** What `scanJsonNumber` answers when no JSON number starts where it looks. */
export const NO_NUMBER = -1;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * The double nearest to D / 10^fraction, where D = head · 10^tailDigits + tail has at most 17
 * digits (head < 10^9, tail < 10^8), exactly as a correctly rounded conversion gives it, into
 * `into[slot]`; false (and nothing written) when it cannot settle the rounding. All arithmetic is on exact doubles:
 * - head · 10^tailDigits is exact (head · 5^tailDigits < 2^49, and the 2^tailDigits is a scaling),
 *   and D = dh + dl exactly (`dh` its rounding, `dl` the rest, Fast2Sum).
 * - When D itself is a double (dl = 0) one IEEE division of two exact operands is correctly rounded.
 * - Otherwise q = dh / 10^f is within two units in the last place of the true quotient, and the
 *   remainder r = D − q · 10^f is computed exactly (q · 10^f as a two-double product, Dekker): the
 *   true quotient is q + r / 10^f, so |r| against half a unit times 10^f decides between q and its
 *   neighbour. A tie, a power of two nearby (where the spacing halves) or a remainder out of the
 *   expected range is left to `Number` (a handful in a million).
 */
const exactDecimal = (head: number, tail: number, tailDigits: number, fraction: number, into: Float64Array, slot: number): boolean => {
  const whole = head * POWERS_OF_TEN[tailDigits]!;
  const dh = whole + tail;
  const dl = whole - dh + tail;
  if (fraction === 0) {
    into[slot] = dh;
    return true;
  }
  const p = POWERS_OF_TEN[fraction]!;
  if (dl === 0) {
    into[slot] = dh / p;
    return true;
  }
  const q = dh / p;
  // q · p = ph + pl exactly (Veltkamp split of both factors into 26-bit halves).
  const ph = q * p;
  const qs = SPLITTER * q;
  const qHigh = qs - (qs - q);
  const qLow = q - qHigh;
  const pHigh = SPLIT_HIGH[fraction]!;
  const pLow = SPLIT_LOW[fraction]!;
  const pl = qHigh * pHigh - ph + qHigh * pLow + qLow * pHigh + qLow * pLow;
  // dh − ph is exact (Sterbenz), plus dl an exact small integer, minus pl exact (r is a double).
  const r = dh - ph + dl - pl;
  BITS_VIEW[0] = q;
  const high = BITS_WORDS[HIGH_WORD]!;
  // q or the double below it a power of two: the spacing changes there; Number settles it.
  if ((high & 0xfffff) === 0 && BITS_WORDS[LOW_WORD]! <= 1) return false;
  const unit = UNIT_IN_LAST_PLACE[(high >>> 20) & 0x7ff]!;
  const half = unit * p * 0.5;
  const size = r < 0 ? -r : r;
  if (size === half || size >= 3 * half) return false;
  into[slot] = size < half ? q : r > 0 ? q + unit : q - unit;
  return true;
};

/** 10^0 … 10^22, each exact as a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** 2^27 + 1: Veltkamp's splitter for doubles. */
const SPLITTER = 134_217_729;
const splitHigh = (x: number): number => SPLITTER * x - (SPLITTER * x - x);
const SPLIT_HIGH = POWERS_OF_TEN.map(splitHigh);
const SPLIT_LOW = POWERS_OF_TEN.map((x) => x - splitHigh(x));
/** The unit in the last place of a normal double by its biased exponent: 2^(e − 1075). */
const UNIT_IN_LAST_PLACE = Array.from({ length: 2048 }, (_, e) => 2 ** (e - 1075));
/** A double's bits, read as two 32-bit words in the platform's byte order. */
const BITS_VIEW = new Float64Array(1);
const BITS_WORDS = new Uint32Array(BITS_VIEW.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH_WORD = 1 - LOW_WORD;
