import type { ErrorEvent } from "@tickfold/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventBus } from "./event-bus.js";
import { describeThrown } from "./subscriber-failure.js";
import { done } from "./test-support.fixture.js";

/** Thrown values that break naive descriptions: String() throws, `message` throws, every trap throws. */
const hostile = (): Array<[string, unknown]> => {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const badMessage = new Error("unused");
  Object.defineProperty(badMessage, "message", {
    get() {
      throw new Error("message getter");
    },
  });
  const trap = () => {
    throw new Error("trap");
  };
  return [
    ["Object.create(null)", Object.create(null)],
    ["an Error whose message getter throws", badMessage],
    ["a Proxy that throws on every trap", new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap })],
    ["a revoked Proxy", revocable.proxy],
    ["an object whose toString returns an object", { toString: () => ({}) }],
    ["an object whose toString throws", { toString: trap }],
    ["a symbol", Symbol("thrown")],
    ["undefined", undefined],
    ["an Error whose message is a number", Object.assign(new Error(), { message: 42 })],
  ];
};

/** A bus where a `doneLive` subscriber throws (or rejects with) `value`, and a `doneBacktest` one works. */
const run = async (value: unknown, how: "throws" | "rejects", listenOnError = true) => {
  const reports: ErrorEvent[] = [];
  const unhandled: ErrorEvent[] = [];
  const bus = new EventBus({ onUnhandled: (event) => void unhandled.push(event) });
  const delivered: string[] = [];
  if (listenOnError) bus.listen("error", (event) => void reports.push(event));
  bus.listen("doneLive", () => {
    if (how === "throws") throw value;
    return Promise.reject(value);
  });
  bus.listen("doneBacktest", (event) => void delivered.push(event.symbol));
  for (const symbol of ["A", "B"]) {
    await bus.emit("doneLive", done(symbol));
    await bus.emit("doneBacktest", done(symbol));
  }
  await bus.drain();
  return { reports: listenOnError ? reports : unhandled, delivered };
};

describe("describing a failure never fails", () => {
  for (const [name, value] of hostile()) {
    for (const how of ["throws", "rejects"] as const) {
      it(`a subscriber that ${how} ${name} is reported, and delivery everywhere goes on`, async () => {
        for (const listenOnError of [true, false]) {
          const { reports, delivered } = await run(value, how, listenOnError);
          expect(delivered).toEqual(["A", "B"]);
          expect(reports).toHaveLength(2);
          for (const report of reports) {
            expect(report.topic).toBe("doneLive");
            expect(report.message).toMatch(/^A subscriber of the "doneLive" topic failed: ./);
            expect(Object.is(report.error, value)).toBe(true);
          }
        }
      });
    }
  }

  it("gives every value, hostile or not, a description, and drain() always resolves (fuzzed)", async () => {
    // Hostile values are picked by index and built inside the property: fast-check itself probes
    // the values it generates (for a clone method), which a throwing Proxy would break.
    const thrown = fc.oneof(
      fc.anything({ withBigInt: true, withMap: true, withSet: true, withObjectString: true, withNullPrototype: true }).map((value) => () => value),
      fc.nat({ max: hostile().length - 1 }).map((index) => () => hostile()[index]![1]),
    );
    await fc.assert(
      fc.asyncProperty(thrown, fc.constantFrom("throws" as const, "rejects" as const), async (make, how) => {
        const value = make();
        expect(typeof describeThrown(value)).toBe("string");
        const { reports, delivered } = await run(value, how);
        expect(delivered).toEqual(["A", "B"]);
        expect(reports.map((r) => r.message.startsWith('A subscriber of the "doneLive" topic failed: '))).toEqual([true, true]);
      }),
    );
  });
});
