import { describe, expect, it } from "vitest";
import { decodeTaggedJson, encodeTaggedJson } from "./tagged-json.js";

// The journal's numbers: what plain JSON loses must come back exactly.
describe("tagged JSON", () => {
  it("keeps NaN, ±Infinity and -0, which plain JSON turns into null and 0", () => {
    const value = { a: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5], b: null };
    const back = decodeTaggedJson(encodeTaggedJson(value)) as typeof value;
    expect(back.a.map((n) => Object.is(n, -0) ? "-0" : String(n))).toEqual(["NaN", "Infinity", "-Infinity", "-0", "1.5"]);
    expect(back.b).toBeNull();
  });

  it("refuses a tag it does not know, naming it", () => {
    expect(() => decodeTaggedJson('{"x":{"$number":"Infinty"}}')).toThrow('got "Infinty"');
  });
});
