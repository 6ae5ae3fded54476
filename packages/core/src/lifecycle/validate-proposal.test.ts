import { describe, expect, it } from "vitest";
import { percentBeside } from "./validate-proposal.js";

describe("percentBeside: a rejected distance never reads as if it passed", () => {
  it("keeps three decimals when they already show the side of the limit", () => {
    expect(percentBeside(0.1234, 0.5)).toBe("0.123");
    expect(percentBeside(25.5, 20)).toBe("25.500");
  });

  it("adds digits when three would round onto the limit (0.4999 % against a 0.5 % minimum)", () => {
    expect(percentBeside(0.4999, 0.5)).toBe("0.4999");
    expect(percentBeside(0.49999991, 0.5)).toBe("0.4999999");
    expect(percentBeside(20.0004, 20)).toBe("20.0004");
  });
});
