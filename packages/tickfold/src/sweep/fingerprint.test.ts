import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalText, fingerprintOf, hashText } from "./fingerprint.js";

describe("fingerprintOf", () => {
  it("is the hash of the canonical text, computed without building it", () => {
    const numbers = fc.oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
    const leaf = fc.oneof(numbers, fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(() => 1));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node")), fc.dictionary(fc.string(), tie("node"))),
    })).node;
    fc.assert(fc.property(fc.oneof(value, fc.anything()), (v) => {
        expect(fingerprintOf(v)).toBe(hashText(canonicalText(v)));
      }));
  });

  it("tells apart what canonical text tells apart (-0 and 0, key order does not matter)", () => {
    expect(fingerprintOf({ a: -0 })).not.toBe(fingerprintOf({ a: 0 }));
    expect(fingerprintOf({ a: 1, b: [2, "x"] })).toBe(fingerprintOf({ b: [2, "x"], a: 1 }));
    expect(fingerprintOf({ a: 1, b: undefined })).toBe(fingerprintOf({ a: 1 }));
  });
});
