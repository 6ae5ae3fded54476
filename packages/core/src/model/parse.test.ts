import * as E from "#fp-ts/Either";
import * as z from "zod/mini";
import { afterEach, describe, expect, it } from "vitest";
import { validateConfig } from "./config.js";
import { ProposalSchema } from "./signal.js";
import { safeParse } from "./parse.js";

/**
 * zod/mini loads no messages and zod's global config belongs to the host (another library, or the
 * user, may set a locale or a custom map). Core's issue sentences must not depend on either.
 */
describe("core's parses", () => {
  const before = { ...z.config() };
  afterEach(() => {
    z.config({ localeError: before.localeError, customError: before.customError });
  });

  it("read in zod's English whatever locale or custom map the host configured", () => {
    z.config({ localeError: () => "host locale", customError: () => "host custom map" });
    // The check can fail: a plain parse of the same schema now takes the host's map.
    expect(ProposalSchema.safeParse({}).error?.issues[0]?.message).toBe("host custom map");
    expect(safeParse(ProposalSchema, {}).error?.issues.map((issue) => issue.message)).toEqual([
      'Invalid option: expected one of "long"|"short"',
      "Invalid input: expected number, received undefined",
      "Invalid input: expected number, received undefined",
    ]);
    expect(validateConfig({ percentFee: -1 })).toEqual(
      E.left([{ field: "percentFee", value: -1, rule: "Too small: expected number to be >=0" }]),
    );
  });

  it("read in English with no locale loaded at all (zod/mini alone, as in a browser bundle)", () => {
    z.config({ localeError: undefined, customError: undefined });
    expect(ProposalSchema.safeParse({ position: "flat" }).error?.issues[0]?.message).toBe("Invalid input");
    expect(safeParse(ProposalSchema, { position: "flat", priceTakeProfit: 1, priceStopLoss: 1 }).error?.issues[0]?.message).toBe(
      'Invalid option: expected one of "long"|"short"',
    );
  });
});
