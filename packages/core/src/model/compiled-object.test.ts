import fc from "fast-check";
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { compiledObject } from "./compiled-object.js";
import { safeParse } from "./parse.js";
import { ProposalSchema } from "./signal.js";

const shape = () => ({
  id: z.optional(z.string().check(z.minLength(1))),
  position: z.enum(["long", "short"]),
  price: z.number().check(z.positive()),
  count: z.optional(z.number().check(z.int())),
  nested: z.optional(z.object({ at: z.number() })),
});
const plain = z.object(shape());
const compiled = compiledObject(shape());

const outcome = (result: ReturnType<typeof safeParse>) =>
  result.success ? { data: result.data } : { issues: result.error.issues.map(({ path, message, code }) => ({ path, message, code })) };

describe("a compiled object schema", () => {
  it("is zod core's compiled object, and the proposal schema uses it", () => {
    expect(compiled._zod.traits.has("$ZodObjectJIT")).toBe(true);
    expect(plain._zod.traits.has("$ZodObjectJIT")).toBe(false);
    expect(ProposalSchema._zod.traits.has("$ZodObjectJIT")).toBe(true);
    expect(Object.keys(compiled.shape)).toEqual(Object.keys(plain.shape));
  });

  it("gives the same output and the same issues as z.object for any input", () => {
    const near = fc.record(
      {
        id: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
        position: fc.oneof(fc.constantFrom("long", "short", "flat"), fc.anything()),
        price: fc.oneof(fc.double(), fc.string()),
        count: fc.oneof(fc.integer(), fc.double(), fc.constant(undefined)),
        nested: fc.oneof(fc.record({ at: fc.oneof(fc.double(), fc.string()) }), fc.anything()),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(near, fc.anything()), (input) => {
        expect(outcome(safeParse(compiled, input))).toEqual(outcome(safeParse(plain, input)));
      }),
    );
  });
});
