import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_NUMBER, scanJsonNumber } from "./json-number.js";

const slot = new Float64Array(1);

/** JSON.parse's verdict on a whole text: its number, or undefined when it is not one JSON number. */
const parsed = (text: string): number | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "number" && /^-?\d/.test(text) && text.trim() === text ? value : undefined;
  } catch {
    return undefined;
  }
};

/** scanJsonNumber over a whole text: its number when it read the text to its end, else undefined. */
const scanText = (text: string): number | undefined => {
  const bytes = new TextEncoder().encode(`${text}}`);
  const end = /^[\x00-\x7f]*$/.test(text) ? scanJsonNumber(bytes, 0, slot, 0) : NO_NUMBER;
  return end !== text.length ? undefined : slot[0];
};

const same = (text: string): void => {
  const expected = parsed(text);
  const got = scanText(text);
  if (!(expected === undefined ? got === undefined : Object.is(got, expected))) expect({ text, got }).toEqual({ text, got: expected });
};

/** Digit strings of 1–20 digits with a "." somewhere and maybe a sign: every width the fast conversion takes, and past it. */
const decimal = fc
  .tuple(fc.boolean(), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 20 }), fc.nat(), fc.boolean())
  .map(([negative, digits, at, dotted]) => {
    const text = digits.join("");
    const dot = 1 + (at % Math.max(1, text.length - 1));
    return `${negative ? "-" : ""}${dotted && text.length > 1 ? `${text.slice(0, dot)}.${text.slice(dot)}` : text}`;
  });
/** Just above 2^52, where a 17-digit x.5 is a tie between two doubles: Number must settle it. */
const tie = fc.bigInt({ min: 2n ** 52n, max: 2n ** 53n - 1n }).map((n) => `${n}.5`);
const fragment = fc.constantFrom("-", "+", "0", "00", "01", "1", "9", ".", ".5", "5.", "e", "E", "e+", "e-", "e5", "1e400", "-0", "0x1f", " ", "Infinity", "NaN", ",", "}");
const near = fc.tuple(fc.oneof(decimal, fc.double().map(String)), fc.nat(), fc.nat({ max: 2 }), fc.array(fragment, { maxLength: 3 })).map(([text, at, cut, pieces]) => {
  const i = at % (text.length + 1);
  return text.slice(0, i) + pieces.join("") + text.slice(i + cut);
});

describe("scanJsonNumber", () => {
  it("reads every JSON number as JSON.parse does, and no other text", () => {
    fc.assert(fc.property(fc.oneof(fc.double().map(String), decimal, tie, near), same));
  });

  it("converts 200,000 price-like doubles as JSON writes them exactly (a seeded sweep, the journal's case)", () => {
    let seed = 0x2545f491;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    let wrong = 0;
    for (let i = 0; i < 200_000; i++) {
      const value = 10 ** (random() * 12 - 3) * (1 + random());
      const text = JSON.stringify(value);
      if (!Object.is(scanText(text), value)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it("keeps the sign of zero and the edges of the grammar", () => {
    for (const text of ["0", "-0", "0.0", "-0.0", "1e400", "-1e400", "1E+2", "5e-324", "4503599627370496.5", "9007199254740993", "123456789012345678", "0.1", "01", "1.", ".1", "-", "+1", "1e", "00"]) same(text);
  });
});
