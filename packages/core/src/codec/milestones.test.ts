import fc from "fast-check";
import * as E from "#fp-ts/Either";
import { describe, expect, it } from "vitest";
import { decodeMilestoneFile, decodeMilestones, encodeMilestoneFile, encodeMilestones, type MilestoneState } from "./milestones.js";

const LEVELS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
const levelSet = fc.subarray(LEVELS).map((levels) => new Set(levels));
const stateArb: fc.Arbitrary<MilestoneState> = fc.record({ profitLevels: levelSet, lossLevels: levelSet });
const fileArb = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), stateArb).map((d) => new Map(Object.entries(d)));

describe("milestone codec", () => {
  it("round-trips a signal's Sets through sorted arrays", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const decoded = decodeMilestones(encodeMilestones(state), LEVELS);
        expect(decoded).toEqual(E.right(state));
      }),
    );
  });

  it("round-trips a whole levels.json and re-encodes byte for byte", () => {
    fc.assert(
      fc.property(fileArb, (states) => {
        const json = JSON.parse(JSON.stringify(encodeMilestoneFile(states)));
        const decoded = decodeMilestoneFile(json, LEVELS);
        expect(E.isRight(decoded)).toBe(true);
        if (E.isRight(decoded)) {
          expect(decoded.right).toEqual(states);
          expect(JSON.stringify(encodeMilestoneFile(decoded.right))).toBe(JSON.stringify(json));
        }
      }),
    );
  });

  it("keeps a signal whose id is __proto__ through encode, JSON and decode", () => {
    const states = new Map([["__proto__", { profitLevels: new Set([10]), lossLevels: new Set<number>() }]]);
    const json = JSON.parse(JSON.stringify(encodeMilestoneFile(states)));
    expect(Object.keys(json)).toEqual(["__proto__"]);
    expect(decodeMilestoneFile(json, LEVELS)).toEqual(E.right(states));
  });

  it("encodes levels sorted whatever order they were reached in", () => {
    expect(encodeMilestones({ profitLevels: new Set([30, 10, 20]), lossLevels: new Set([20, 10]) })).toEqual({
      profitLevels: [10, 20, 30],
      lossLevels: [10, 20],
    });
    const shuffled = fc.shuffledSubarray(LEVELS).map((levels) => new Set(levels));
    fc.assert(
      fc.property(shuffled, shuffled, (profitLevels, lossLevels) => {
        expect(encodeMilestones({ profitLevels, lossLevels })).toEqual({
          profitLevels: [...profitLevels].sort((a, b) => a - b),
          lossLevels: [...lossLevels].sort((a, b) => a - b),
        });
      }),
    );
  });

  it("accepts only configured levels and names the field and value of each problem", () => {
    const decoded = decodeMilestoneFile({ "sig-1": { profitLevels: [10, 15, 10], lossLevels: ["x"] } }, LEVELS);
    expect(E.isLeft(decoded)).toBe(true);
    if (E.isLeft(decoded)) {
      expect(decoded.left.message).toContain("sig-1.lossLevels.0 = \"x\"");
      const fields = decoded.left.issues.map((i) => i.field);
      expect(fields).toContain("sig-1.lossLevels.0");
    }
    const wrongLevels = decodeMilestoneFile({ "sig-1": { profitLevels: [10, 15, 10], lossLevels: [] } }, LEVELS);
    expect(E.isLeft(wrongLevels) && wrongLevels.left.issues.map((i) => [i.field, i.value])).toEqual([
      ["sig-1.profitLevels.1", 15],
      ["sig-1.profitLevels.2", 10],
    ]);
  });

  it("rejects a file that is not a record of level arrays", () => {
    for (const bad of [null, [], "levels", { "sig-1": { profitLevels: [10] } }]) {
      expect(E.isLeft(decodeMilestoneFile(bad, LEVELS))).toBe(true);
    }
  });
});
