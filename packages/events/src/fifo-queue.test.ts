import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FifoQueue } from "./fifo-queue.js";

type Operation = { readonly push: number } | "shift" | "clear";

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.integer().map((push) => ({ push })) },
  { weight: 2, arbitrary: fc.constant("shift" as const) },
  { weight: 1, arbitrary: fc.constant("clear" as const) },
);

describe("FifoQueue", () => {
  it("behaves like an array used with push and shift, across growth, wrap-around and clear", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), (operations) => {
        const queue = new FifoQueue<number>();
        let model: number[] = [];
        for (const op of operations) {
          if (op === "clear") {
            queue.clear();
            model = [];
          } else if (op === "shift") {
            if (model.length > 0) expect(queue.shift()).toBe(model.shift());
          } else {
            queue.push(op.push);
            model.push(op.push);
          }
          expect(queue.size).toBe(model.length);
        }
        const rest: number[] = [];
        while (queue.size > 0) rest.push(queue.shift());
        expect(rest).toEqual(model);
      }),
    );
  });
});
