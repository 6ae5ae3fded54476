/** 10^k for k = 0 … 22: every one is exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

const COMMA = 44;
const POINT = 46;
const NEWLINE = 10;
const RETURN = 13;

/**
 * Reads one CSV line of six plain decimals (digits with at most one point) starting at `pos`
 * into row `row` of `columns`, in a single pass over the char codes, and returns where the next
 * line starts. Returns -1, having read nothing for sure, for any other line: a sign, an
 * exponent, spaces, an empty or missing cell, more than 15 digits; the caller then reads the
 * line the general way.
 *
 * Each value is exactly what `Number` makes of the cell: its digits form an integer below 2^53
 * and the power of ten is exact (at most 22 decimals), so the one division rounds the exact
 * decimal correctly, which is what `Number` returns.
 */
export const readPlainRow = (text: string, pos: number, columns: ReadonlyArray<Float64Array>, row: number): number => {
  const length = text.length;
  let i = pos;
  for (let f = 0; f < 6; f++) {
    let mantissa = 0;
    let digits = 0;
    let decimals = -1;
    let c = NEWLINE;
    for (; i < length; i++) {
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (decimals >= 0) decimals++;
      } else if (c === POINT && decimals < 0) {
        decimals = 0;
      } else {
        break;
      }
    }
    if (i >= length) c = NEWLINE;
    if (digits === 0 || digits > 15 || decimals > 22) return -1;
    if (f < 5) {
      if (c !== COMMA) return -1;
    } else if (c === RETURN && i + 1 < length && text.charCodeAt(i + 1) === NEWLINE) {
      i++;
    } else if (c !== NEWLINE) {
      return -1;
    }
    columns[f]![row] = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals]! : mantissa;
    i++;
  }
  return i;
};
