import { describe, expect, it } from "vitest";
import { validationPayload, type RiskValidationPayload } from "./payload.js";
import { check, signal } from "./signals.fixture.js";
import { riskState } from "./state.js";
import { runRiskValidations, type RiskValidation } from "./validations.js";

const payload = validationPayload(riskState(), check(signal()));

describe("runRiskValidations", () => {
  it("turns a thrown error into its message", () => {
    expect(
      runRiskValidations([
        () => {
          throw new Error("price too far from the mean");
        },
      ], payload),
    ).toEqual(["price too far from the mean"]);
  });

  it("turns a returned { reject } into its reason", () => {
    expect(runRiskValidations([() => ({ reject: "weekend" })], payload)).toEqual(["weekend"]);
  });

  it("puts a validation's note before the thrown message", () => {
    const withNote: RiskValidation = {
      note: "max exposure",
      validate: () => {
        throw new Error("3 positions");
      },
    };
    expect(runRiskValidations([withNote], payload)).toEqual(["max exposure: 3 positions"]);
  });

  it("describes a thrown value that is not an Error", () => {
    expect(
      runRiskValidations([
        () => {
          throw "nope";
        },
      ], payload),
    ).toEqual(['"nope"']);
  });

  it("ignores other return values", () => {
    expect(runRiskValidations([() => true, () => ({ ok: 1 }), () => ({ reject: undefined }), () => undefined], payload)).toEqual([]);
  });

  it("stops at the first rejection, as backtest-kit does", () => {
    const seen: string[] = [];
    const result = runRiskValidations(
      [
        () => void seen.push("first"),
        () => (seen.push("second"), { reject: "second says no" }),
        () => void seen.push("third"),
      ],
      payload,
    );
    expect(result).toEqual(["second says no"]);
    expect(seen).toEqual(["first", "second"]);
  });

  it("passes the payload to every validation", () => {
    const seen: RiskValidationPayload[] = [];
    runRiskValidations([(p) => void seen.push(p), { validate: (p) => void seen.push(p) }], payload);
    expect(seen).toEqual([payload, payload]);
  });

  it("stays synchronous while every validation is", () => {
    expect(Array.isArray(runRiskValidations([() => undefined], payload))).toBe(true);
  });

  it("awaits async validations in order, catching rejected promises", async () => {
    const seen: string[] = [];
    const result = runRiskValidations(
      [
        async () => void seen.push("first"),
        () => void seen.push("second"),
        async () => {
          seen.push("third");
          throw new Error("async no");
        },
        () => void seen.push("fourth"),
      ],
      payload,
    );
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual(["async no"]);
    expect(seen).toEqual(["first", "second", "third"]);
  });

  it("reads { reject } from a resolved promise", async () => {
    expect(await runRiskValidations([async () => ({ reject: "later" })], payload)).toEqual(["later"]);
  });
});
