import * as z from "zod/mini";
import type { RiskAnswer, RiskGate } from "../backtest/run.js";
import type { Effect } from "../effects.js";
import { zodIssues, type Issue } from "../model/config.js";
import { RiskProfileError, RiskProfileSchema, type RiskParams } from "./params.js";
import { validationPayload } from "./payload.js";
import { admitAcrossProfiles, releaseAcrossProfiles } from "./profiles.js";
import { riskState, type RiskCheck, type RiskState } from "./state.js";
import { RiskValidationSchema, runRiskValidations, type RiskRejections, type RiskValidation } from "./validations.js";
import { safeParse } from "../model/parse.js";

/** A profile for a backtest: the built-in limit and the user validations (backtest-kit's `addRisk`). */
export const BacktestRiskProfileSchema = z.extend(RiskProfileSchema, {
  validations: z.optional(z.array(RiskValidationSchema)),
});
export type BacktestRiskProfile = z.input<typeof BacktestRiskProfileSchema>;

export type RiskEmit = Extract<Effect, { type: "emit"; topic: "risk" }>;

/**
 * Where the profiles' books live. A gate keeps its own by default; gates that share one store (all
 * strategies of an engine that name the same profile) are one portfolio.
 */
export interface RiskBookStore {
  get(riskName: string): RiskState;
  set(riskName: string, state: RiskState): void;
}

export const createRiskBookStore = (): RiskBookStore => {
  const books = new Map<string, RiskState>();
  return {
    get: (riskName) => books.get(riskName) ?? riskState(),
    set: (riskName, state) => void books.set(riskName, state),
  };
};

/** Pass the gate itself as `risk` to `runBacktest`/`runBacktestSync`. */
export interface BacktestRiskGate extends RiskGate {
  /** Synchronous while every validation is. */
  readonly answer: RiskAnswer;
  /**
   * Pass as `onEffect` (or call it from yours): it consumes the lifecycle's `releaseRisk` effects,
   * so a closed position gives its slot back, and ignores every other effect.
   */
  readonly onEffect: (effect: Effect) => void;
  /** The risk events of refused checks so far, in order. */
  readonly emitted: ReadonlyArray<RiskEmit>;
  /** A profile's book now; throws for a profile the gate does not hold. */
  readonly stateOf: (riskName: string) => RiskState;
}

interface Declared {
  readonly params: RiskParams;
  readonly validations: ReadonlyArray<RiskValidation>;
}

const declare = (profiles: ReadonlyArray<BacktestRiskProfile>, backtest: boolean): ReadonlyArray<Declared> => {
  const parsed = safeParse(z.array(BacktestRiskProfileSchema), profiles);
  if (!parsed.success) throw new RiskProfileError(zodIssues(parsed.error, profiles));
  const issues: Issue[] = [];
  parsed.data.forEach(({ riskName }, index) => {
    if (parsed.data.findIndex((p) => p.riskName === riskName) < index) {
      issues.push({ field: `${index}.riskName`, value: riskName, rule: "names a profile that is already declared" });
    }
  });
  if (issues.length > 0) throw new RiskProfileError(issues);
  return parsed.data.map(({ validations, ...profile }) => ({
    params: { ...profile, backtest },
    validations: validations ?? [],
  }));
};

/**
 * Runs in-memory risk profiles (merged, as a strategy naming several would) for backtests. The
 * books live in this closure, the one mutable place of the risk module; every decision is made by
 * the pure reducers. Backtests never persist, so its effects are only risk events, forwarded to
 * `options.onEffect`. A gate shared by several runs is one portfolio: slots still held at the end
 * of a run (a position the candles ran out on) count against the next run.
 */
export const createBacktestRiskGate = (
  profiles: ReadonlyArray<BacktestRiskProfile>,
  options: {
    readonly onEffect?: (effect: Effect) => void;
    readonly books?: RiskBookStore;
    /** A live instance's gate: the same decisions over the live books, its risk events say `backtest: false`. */
    readonly live?: boolean;
  } = {},
): BacktestRiskGate => {
  const declared = declare(profiles, options.live !== true);
  const books = options.books ?? createRiskBookStore();
  const statesNow = (): RiskState[] => declared.map((p) => books.get(p.params.riskName));
  const store = (states: ReadonlyArray<RiskState>): void => declared.forEach((p, i) => books.set(p.params.riskName, states[i]!));
  const emitted: RiskEmit[] = [];

  const publish = (effects: ReadonlyArray<Effect>): void => {
    for (const effect of effects) {
      if (effect.type === "emit" && effect.topic === "risk") emitted.push(effect);
      options.onEffect?.(effect);
    }
  };

  // Called once every profile's validations are done: the built-in limit is checked and the slot
  // taken against the books as they are now, in one synchronous step.
  const decide = (request: RiskCheck, rejections: ReadonlyArray<RiskRejections>): boolean => {
    const states = statesNow();
    const result = admitAcrossProfiles(
      declared.map((p, i) => ({ state: states[i]!, params: p.params, userRejections: rejections[i]! })),
      request,
    );
    store(result.states);
    publish(result.effects);
    return result.allowed;
  };

  const answer: RiskAnswer = (request) => {
    const states = statesNow();
    const runs = declared.map((p, i) => runRiskValidations(p.validations, validationPayload(states[i]!, request)));
    const settled = runs.filter((run): run is RiskRejections => Array.isArray(run));
    if (settled.length === runs.length) return decide(request, settled);
    return Promise.all(runs).then((rejections) => decide(request, rejections));
  };

  const onEffect = (effect: Effect): void => {
    if (effect.type !== "releaseRisk") return;
    const states = statesNow();
    store(
      releaseAcrossProfiles(
        declared.map((p, i) => ({ state: states[i]!, params: p.params })),
        effect.signal,
      ),
    );
  };

  const stateOf = (riskName: string): RiskState => {
    const index = declared.findIndex((p) => p.params.riskName === riskName);
    if (index < 0) {
      throw new Error(`Risk gate: riskName = "${riskName}" is not one of its profiles (${declared.map((p) => `"${p.params.riskName}"`).join(", ")})`);
    }
    return books.get(riskName);
  };

  return { riskNames: declared.map((p) => p.params.riskName), answer, onEffect, emitted, stateOf };
};
