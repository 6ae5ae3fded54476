import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LifecycleInput } from "../lifecycle/state.js";
import { encodeJournalLine, readBodyLine } from "./format.js";
import { forEachJournalLine } from "./journal-lines.js";
import { readPlainLine as readPlainJournalLine } from "./plain-line.js";

/** The fast path's verdict on one line given as text, and the same line given as bytes (which must agree). */
const readPlainLine = (text: string): unknown => {
  const verdicts: unknown[] = [];
  for (const source of [[text], new TextEncoder().encode(text)]) forEachJournalLine(source, (line) => void verdicts.push(readPlainJournalLine(line)));
  if (verdicts.length === 2 && !same(verdicts[0], verdicts[1])) expect({ text, bytes: verdicts[1] }).toEqual({ text, bytes: verdicts[0] });
  return verdicts[0];
};

/** The general path's verdict on one line: its entry, or undefined when it refuses the line. */
const general = (line: string): unknown => {
  try {
    return readBodyLine(line, 2);
  } catch {
    return undefined;
  }
};

/** Any double, and often a price-like one (short decimals, and 16–17 digits left to `Number`). */
const anyDouble = fc.oneof(fc.double(), fc.double({ min: 0.001, max: 200_000, noNaN: true }), fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100));
const tick = fc.record({ kind: fc.constant("tick" as const), time: anyDouble, low: anyDouble, high: anyDouble, price: anyDouble, priceBefore: anyDouble });
/** A strategy's answer: none, a signal as strategies write it, or any JSON value (special numbers included). */
const proposal = fc.oneof(
  fc.constant(null),
  fc.record({ position: fc.constantFrom("long", "short"), priceTakeProfit: anyDouble, priceStopLoss: anyDouble, minuteEstimatedTime: fc.nat(), note: fc.string() }, { requiredKeys: ["position"] }),
  fc.jsonValue(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, { a: Number.NEGATIVE_INFINITY }),
);
const input: fc.Arbitrary<LifecycleInput> = fc.oneof(
  tick,
  fc.record({ kind: fc.constant("risk" as const), allowed: fc.boolean() }),
  fc.constant({ kind: "stop" as const }),
  proposal.map((value) => ({ kind: "proposal" as const, proposal: value })),
);
const encoded = input.map((value) => encodeJournalLine({ type: "input", input: value }));

/** Text that JSON or `Number` may read differently: odd number spellings and structure. */
const fragment = fc.constantFrom("-", "+", "0", "00", "01", "1", "9", ".", ".5", "5.", "e", "E", "e+", "e-", "1e400", "-0", "0x1f", " ", "\t", "Infinity", "NaN", ",", "}", "{", '"', ":", '"$number"', "null", "true");
/** A valid line with a piece cut out, replaced or inserted: near misses of the layout. */
const mutated = fc.tuple(encoded, fc.nat(), fc.nat({ max: 3 }), fc.array(fragment, { maxLength: 3 })).map(([line, at, cut, pieces]) => {
  const i = at % (line.length + 1);
  return line.slice(0, i) + pieces.join("") + line.slice(i + cut);
});
/** A tick whose numbers are spelled by hand instead of by JSON.stringify. */
const spelled = fc.tuple(fc.array(fc.oneof(fc.double().map(String), fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""))), { minLength: 5, maxLength: 5 }), fc.boolean()).map(
  ([n, tagged]) => `{"type":"input","input":{"kind":"tick","time":${n[0]},"low":${n[1]},"high":${n[2]},"price":${n[3]},"priceBefore":${tagged ? `{"$number":"${n[4]}"}` : n[4]}}}`,
);

/** Equal as the journal means it: same keys in the same order, numbers equal by Object.is (NaN, -0). */
const same = (a: unknown, b: unknown): boolean => {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return JSON.stringify(keys) === JSON.stringify(Object.keys(b)) && keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
};

describe("readPlainLine, the journal's fast path", () => {
  it("accepts only what the general path accepts, with an equal value", () => {
    fc.assert(
      fc.property(fc.oneof(encoded, mutated, spelled), (line) => {
        const fast = readPlainLine(line);
        if (fast !== undefined) expect(same(fast, general(line))).toBe(true);
      }),
    );
  });

  it("reads every tick, risk, stop and proposal line encodeJournalLine writes, but a tick whose time or prices are tagged", () => {
    fc.assert(
      fc.property(input, (value) => {
        const line = encodeJournalLine({ type: "input", input: value });
        // NaN, ±Infinity and -0 there are tagged: the general path reads (or refuses) those.
        const finite = value.kind !== "tick" || [value.time, value.low, value.high, value.price].every((n) => Number.isFinite(n) && !Object.is(n, -0));
        expect(readPlainLine(line) !== undefined).toBe(finite);
        if (finite) expect(same(readPlainLine(line), { type: "input", input: value })).toBe(true);
      }),
    );
  });

  it("keeps a tagged priceBefore exactly: NaN, ±Infinity and -0", () => {
    for (const priceBefore of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0]) {
      const line = encodeJournalLine({ type: "input", input: { kind: "tick", time: 1, low: 2, high: 3, price: 2.5, priceBefore } });
      expect(Object.is((readPlainLine(line) as { input: { priceBefore: number } }).input.priceBefore, priceBefore)).toBe(true);
    }
  });

  it("leaves a different layout to the general path, which still reads it", () => {
    const reordered = '{"type":"input","input":{"kind":"tick","low":2,"time":1,"high":3,"price":2.5,"priceBefore":2}}';
    expect(readPlainLine(reordered)).toBeUndefined();
    expect(general(reordered)).toEqual({ type: "input", input: { kind: "tick", low: 2, time: 1, high: 3, price: 2.5, priceBefore: 2 } });
    expect(readPlainLine('{"type":"input","input":{"kind":"tick","time":01,"low":2,"high":3,"price":2.5,"priceBefore":2}}')).toBeUndefined();
  });
});
