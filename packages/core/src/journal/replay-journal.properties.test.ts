import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../model/config.js";
import { serializeReplay } from "../replay.js";
import type { JournalEntry } from "./entry.js";
import { encodeJournalLine } from "./format.js";
import { replayJournal } from "./replay-journal.js";
import { recordSession, SESSION_PARAMS, type SessionShape } from "./session.test.fixture.js";

/**
 * The replay passes most ticks by without the reducer (`isQuietTick`, `isQuietOpenTick`) and steps
 * an open position's candles with its own kept watch. Whatever the params and prices, it must give
 * exactly what feeding every input to `stepLifecycle` gave while recording.
 */

const shape: fc.Arbitrary<SessionShape> = fc
  .record({
    steps: fc.array(fc.double({ min: -0.004, max: 0.004, noNaN: true }), { minLength: 50, maxLength: 400 }),
    limits: fc.array(fc.option(fc.double({ min: -0.003, max: 0.006, noNaN: true }), { nil: undefined }), { minLength: 1, maxLength: 8 }),
    backtest: fc.boolean(),
    progressCallbacks: fc.boolean(),
    risk: fc.boolean(),
    intervalMinutes: fc.constantFrom(1, 3, 15),
    scheduleAwaitMinutes: fc.constantFrom(5, 30, 120),
    endAfter: fc.option(fc.nat({ max: 400 }), { nil: undefined }),
    stopAt: fc.option(fc.nat({ max: 400 }), { nil: undefined }),
  })
  .map(({ steps, limits, backtest, progressCallbacks, risk, intervalMinutes, scheduleAwaitMinutes, endAfter, stopAt }) => {
    const config = validateConfig({ minStopLossDistancePercent: 0.1, scheduleAwaitMinutes });
    if (E.isLeft(config)) throw new Error("a valid config");
    const prices = [80_000];
    for (const step of steps) prices.push(prices[prices.length - 1]! * (1 + step));
    return {
      params: {
        ...SESSION_PARAMS,
        backtest,
        progressCallbacks,
        riskNames: risk ? ["desk"] : [],
        intervalMs: intervalMinutes * 60_000,
        config: config.right,
        endDate: endAfter === undefined ? Number.POSITIVE_INFINITY : Date.UTC(2025, 2, 3) + endAfter * 60_000,
      },
      priceAt: (m: number) => prices[m % prices.length]!,
      limitAt: (k: number) => limits[k % limits.length],
      stopAt,
    };
  });

const toText = (entries: ReadonlyArray<JournalEntry>): string => entries.map((entry) => `${encodeJournalLine(entry)}\n`).join("");

describe("replayJournal against the reducer fed every input", () => {
  it("gives the recorded states and effects exactly, whatever the params and prices", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 50, max: 400 }), (session, minutes) => {
        const recorded = recordSession(minutes, session);
        const expected = serializeReplay({ state: recorded.states.at(-1)!, effects: recorded.effects });
        const text = toText(recorded.entries);
        expect(serializeReplay(replayJournal(new TextEncoder().encode(text)))).toBe(expected);
        expect(serializeReplay(replayJournal(text))).toBe(expected);
      }),
    );
  });

  it("meets every phase along the way in the generated sessions (the property is not vacuous)", () => {
    const phases = new Set<string>();
    for (const session of fc.sample(shape, { numRuns: 80, seed: 5 })) {
      for (const state of recordSession(300, session).states) {
        phases.add(state.phase + (state.phase === "open" && state.milestones.reached.profitLevels.size > 0 ? "+milestone" : "") + (state.stopped ? "+stopped" : ""));
      }
    }
    for (const phase of ["activating", "asking", "checking", "idle", "open", "open+milestone", "scheduled", "idle+stopped", "scheduled+stopped", "open+stopped"]) expect(phases).toContain(phase);
  });
});
