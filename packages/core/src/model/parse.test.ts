import * as E from "#fp-ts/Either";
import * as z from "zod/mini";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * zod/mini loads no messages, so without core's help a browser bundle (zod/mini alone) would
 * report every issue as "Invalid input". Each test loads core afresh, as a page would.
 */
describe("core's parses", () => {
  const before = { ...z.config() };
  const freshCore = async () => {
    vi.resetModules();
    return import("./config.js");
  };
  beforeEach(() => {
    z.config({ localeError: undefined, customError: undefined });
  });
  afterEach(() => {
    z.config({ localeError: before.localeError, customError: before.customError });
  });

  it("read in zod's English when nothing loaded a locale (zod/mini alone)", async () => {
    expect(z.number().safeParse("1").error?.issues[0]?.message).toBe("Invalid input");
    const { validateConfig } = await freshCore();
    // As read from a user's config file: JSON, so the wrong trigger reaches the schema.
    expect(validateConfig(JSON.parse('{ "percentFee": -1, "takeProfitTrigger": "close" }'))).toEqual(
      E.left([
        { field: "percentFee", value: -1, rule: "Too small: expected number to be >=0" },
        { field: "takeProfitTrigger", value: "close", rule: 'Invalid option: expected one of "vwap"|"wick"' },
      ]),
    );
  });

  it("leave a locale the host chose alone, as classic zod does", async () => {
    z.config({ localeError: () => "host locale" });
    const { validateConfig } = await freshCore();
    expect(validateConfig({ percentFee: -1 })).toEqual(E.left([{ field: "percentFee", value: -1, rule: "host locale" }]));
  });
});
