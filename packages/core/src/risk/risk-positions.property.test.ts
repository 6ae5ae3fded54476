import * as E from "#fp-ts/Either";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRiskPositions, encodeRiskPositions, riskKey, type RiskPosition } from "../codec/risk-positions.js";

const name = fc.string({ minLength: 1, maxLength: 8 });

const position: fc.Arbitrary<RiskPosition> = fc.record({
  signalId: fc.string({ minLength: 1, maxLength: 12 }),
  symbol: name,
  strategyName: name,
  exchangeName: fc.string({ maxLength: 8 }),
  position: fc.constantFrom("long" as const, "short" as const),
  priceOpen: fc.double({ min: Number.MIN_VALUE, max: 1e9, noNaN: true }),
  openedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
});

/** A book as the reducers build it: each position under its own `strategyName:symbol` key. */
const book = fc
  .uniqueArray(position, { maxLength: 12, selector: (p) => riskKey(p.strategyName, p.symbol) })
  .map((positions) => new Map(positions.map((p) => [riskKey(p.strategyName, p.symbol), p] as const)));

describe("risk positions codec (Map to [key, position] pairs)", () => {
  it("decodes what it encoded, through JSON, to an equal book; re-encoding is identical", () => {
    fc.assert(
      fc.property(book, (positions) => {
        const stored = JSON.stringify(encodeRiskPositions(positions));
        const decoded = decodeRiskPositions(JSON.parse(stored));
        if (E.isLeft(decoded)) throw new Error(decoded.left.message);
        expect(decoded.right).toEqual(positions);
        expect(JSON.stringify(encodeRiskPositions(decoded.right))).toBe(stored);
      }),
    );
  });
});
