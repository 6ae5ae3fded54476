import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { riskKey } from "../codec/risk-positions.js";
import type { Effect } from "../effects.js";
import { admitRisk } from "./admit.js";
import type { RiskParams } from "./params.js";
import { check, MIN, signal, T0 } from "./signals.fixture.js";
import { riskState, type RiskState } from "./state.js";
import { releaseRiskSlot } from "./book.js";

const STRATEGIES = ["trend", "mean-revert", "breakout"] as const;
const SYMBOLS = ["BTCUSDT", "ETHUSDT"] as const;

type Command =
  | { readonly kind: "admit"; readonly strategy: number; readonly symbol: number; readonly signal: number; readonly userRejects: boolean; readonly reserve: boolean }
  | { readonly kind: "release"; readonly strategy: number; readonly symbol: number; readonly signal: number };

const pick = { strategy: fc.nat({ max: STRATEGIES.length - 1 }), symbol: fc.nat({ max: SYMBOLS.length - 1 }), signal: fc.nat({ max: 2 }) };
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("admit" as const), ...pick, userRejects: fc.boolean(), reserve: fc.boolean() }),
  fc.record({ kind: fc.constant("release" as const), ...pick }),
);
const scenario = fc.record({
  limit: fc.integer({ min: 1, max: 4 }),
  backtest: fc.boolean(),
  commands: fc.array(command, { maxLength: 40 }),
});

const rowOf = (c: Command, step: number) => {
  const strategyName = STRATEGIES[c.strategy]!;
  const symbol = SYMBOLS[c.symbol]!;
  return signal({ id: `${strategyName}:${symbol}#${c.signal}`, strategyName, symbol, scheduledAt: T0 + step * MIN });
};

interface Outcome {
  readonly state: RiskState;
  readonly allowed: boolean | null;
  readonly effects: ReadonlyArray<Effect>;
}

const apply = (state: RiskState, c: Command, step: number, params: RiskParams): Outcome => {
  const row = rowOf(c, step);
  if (c.kind === "release") {
    return { state: releaseRiskSlot(state, row), allowed: null, effects: [] };
  }
  const result = admitRisk(state, check(row, { reserve: c.reserve }), params, c.userRejects ? ["user says no"] : []);
  return { state: result.state, allowed: result.allowed, effects: result.effects };
};

const run = (params: RiskParams, commands: ReadonlyArray<Command>): Outcome[] => {
  let state = riskState();
  return commands.map((c, step) => {
    const outcome = apply(state, c, step, params);
    state = outcome.state;
    return outcome;
  });
};

describe("admit and release interleaved across strategies", () => {
  it("never holds more than the limit and always holds what a plain map model holds", () => {
    fc.assert(
      fc.property(scenario, ({ limit, backtest, commands }) => {
        const params: RiskParams = { riskName: "portfolio", maxConcurrentPositions: limit, backtest };
        /** key -> id of the signal holding the slot */
        const model = new Map<string, string>();
        let state = riskState();
        commands.forEach((c, step) => {
          const row = rowOf(c, step);
          const key = riskKey(row.strategyName, row.symbol);
          const before = state;
          const outcome = apply(state, c, step, params);
          state = outcome.state;
          if (c.kind === "admit") {
            const others = model.size - (model.has(key) ? 1 : 0);
            const allowed = !c.userRejects && others < limit;
            expect(outcome.allowed).toBe(allowed);
            if (allowed && c.reserve) model.set(key, row.id);
          } else if (model.get(key) === row.id) {
            model.delete(key);
          }
          expect(state.positions.size).toBeLessThanOrEqual(limit);
          expect(new Map([...state.positions].map(([k, p]) => [k, p.signalId]))).toEqual(model);
          if (state !== before) expect(state.positions).not.toEqual(before.positions);
          const refusals = outcome.effects.filter((e) => e.type === "emit" && e.topic === "risk");
          expect(refusals).toHaveLength(outcome.allowed === false ? 1 : 0);
        });
      }),
    );
  });

  it("gives deep-equal states and effects for the same inputs", () => {
    fc.assert(
      fc.property(scenario, ({ limit, backtest, commands }) => {
        const params: RiskParams = { riskName: "portfolio", maxConcurrentPositions: limit, backtest };
        expect(run(params, commands)).toEqual(run({ ...params }, commands));
      }),
    );
  });
});
