/** 10^k for k = 0 … 22: every one is exact in a double. */
const POWERS_OF_TEN = new Float64Array(Array.from({ length: 23 }, (_, k) => 10 ** k));

const COMMA = 44;
const POINT = 46;
const NEWLINE = 10;
const RETURN = 13;

/** Where a scan stopped: the start of the first line it did not read, and the rows read so far. */
export interface ScanPosition {
  pos: number;
  row: number;
}

/**
 * Reads CSV lines of six plain decimals (digits with at most one point) from `at.pos` into the
 * columns from row `at.row` on, in a single pass over the bytes, and advances `at` past
 * each line it reads. It stops at the end of the bytes, when the columns are full, or at the first other line (a sign, an
 * exponent, spaces, an empty or missing cell, more than 15 digits, a blank line), which the
 * caller reads the general way before scanning on.
 *
 * Each value is exactly what `Number` makes of the cell: its digits form an integer below 2^53
 * and the power of ten is exact (at most 22 decimals), so the one division rounds the exact
 * decimal correctly, which is what `Number` returns.
 */
export const scanPlainRows = (bytes: Uint8Array, at: ScanPosition, columns: ReadonlyArray<Float64Array>): void => {
  const length = bytes.length;
  const [c0, c1, c2, c3, c4, c5] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  let pos = at.pos;
  let row = at.row;
  const capacity = c0.length;
  rows: while (pos < length && row < capacity) {
    let i = pos;
    for (let f = 0; f < 6; f++) {
      const start = i;
      let mantissa = 0;
      let point = -1;
      let c = NEWLINE;
      for (; i < length; i++) {
        c = bytes[i]!;
        const digit = c - 48;
        if (digit >= 0 && digit <= 9) mantissa = mantissa * 10 + digit;
        else if (c === POINT && point < 0) point = i;
        else break;
      }
      if (i >= length) c = NEWLINE;
      const decimals = point < 0 ? 0 : i - point - 1;
      const digits = i - start - (point < 0 ? 0 : 1);
      if (digits === 0 || digits > 15 || decimals > 22) break rows;
      if (f < 5) {
        if (c !== COMMA) break rows;
      } else if (c === RETURN && i + 1 < length && bytes[i + 1] === NEWLINE) {
        i++;
      } else if (c !== NEWLINE) {
        break rows;
      }
      const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals]! : mantissa;
      switch (f) {
        case 0: c0[row] = value; break;
        case 1: c1[row] = value; break;
        case 2: c2[row] = value; break;
        case 3: c3[row] = value; break;
        case 4: c4[row] = value; break;
        default: c5[row] = value;
      }
      i++;
    }
    pos = i;
    row++;
  }
  at.pos = pos;
  at.row = row;
};

/**
 * The bytes of a CSV given as text, one per char: the reader works on bytes, and the positions
 * then match the text's, so a line the scan declines is read from the text itself. A char
 * beyond ASCII cannot be part of a plain decimal; it becomes 0xFF, which the scan declines.
 */
export const bytesOfText = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[i] = c < 128 ? c : 0xff;
  }
  return bytes;
};

/** Bytes `from … to` as text, one char per byte (enough for CSV cells and error messages). */
export const textOfBytes = (bytes: Uint8Array, from: number, to: number): string => {
  let text = "";
  // In slices, so that a very long line cannot overflow the argument list.
  for (let i = from; i < to; i += 4096) text += String.fromCharCode(...bytes.subarray(i, Math.min(to, i + 4096)));
  return text;
};
