import { isDeepStrictEqual } from "node:util";
import { riskKey, type MilestoneData, type MilestoneFile, type SignalRow, type StateChange } from "@tickfold/core";
import type { OutboxEvent } from "../outbox/outbox-record.js";
import type { LiveSnapshot, PairScope } from "../recovery/snapshot.js";

/**
 * The torture test's workload: three strategy/symbol pairs sharing risk profiles, each cycling
 * through limit entries that activate, collect milestones and close, market entries, and limit
 * entries that are cancelled. Step n (from 1) is a pure function of n, so the child that runs it
 * and the parent that checks it agree on every state and every event id without talking.
 *
 * The expected states are computed by `applyToModel`, written here independently of the package's
 * write planner, so a wrong plan cannot agree with itself.
 */
export const PAIRS: ReadonlyArray<PairScope> = [
  { symbol: "BTCUSDT", strategyName: "trend", riskNames: ["portfolio", "btc-desk"] },
  { symbol: "ETHUSDT", strategyName: "trend", riskNames: ["portfolio"] },
  { symbol: "BTCUSDT", strategyName: "breakout", riskNames: ["portfolio", "btc-desk"] },
];
export const RISK_NAMES = ["btc-desk", "portfolio"] as const;

export interface ModelPair {
  readonly signal: SignalRow | null;
  readonly schedule: SignalRow | null;
  readonly partial: MilestoneFile;
}

/** The whole live state: per pair its files, per risk profile `key → signalId`. */
export interface Model {
  readonly pairs: ReadonlyArray<ModelPair>;
  readonly risk: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Step {
  readonly index: number;
  readonly pair: number;
  readonly change: StateChange;
  readonly events: ReadonlyArray<OutboxEvent>;
}

type Phase = (ctx: { row: SignalRow; at: number; scope: PairScope }) => { change: StateChange; row: SignalRow; events: string[] };

const T0 = 1_700_000_000_000;
const profit = (levels: number[]): MilestoneData => ({ profitLevels: levels, lossLevels: [] });
const loss = (levels: number[]): MilestoneData => ({ profitLevels: [], lossLevels: levels });
const riskNames = (scope: PairScope): string[] => [...scope.riskNames];

const PATTERNS: ReadonlyArray<ReadonlyArray<Phase>> = [
  // limit entry: scheduled, activated, two milestone steps, take profit
  [
    ({ row }) => ({ change: { kind: "schedule", row }, row, events: ["scheduled"] }),
    ({ row, at, scope }) => {
      const open = { ...row, pendingAt: at };
      return { change: { kind: "activate", row: open, riskNames: riskNames(scope) }, row: open, events: ["opened"] };
    },
    ({ row }) => ({ change: { kind: "milestone", signalId: row.id, levels: profit([10]) }, row, events: ["profit:10"] }),
    ({ row }) => ({ change: { kind: "milestone", signalId: row.id, levels: profit([10, 20, 30]) }, row, events: ["profit:20", "profit:30"] }),
    ({ row, scope }) => ({ change: { kind: "close", row, riskNames: riskNames(scope) }, row, events: ["closed"] }),
  ],
  // market entry: opened, a loss milestone, stop loss
  [
    ({ row, at, scope }) => {
      const open = { ...row, pendingAt: at };
      return { change: { kind: "open", row: open, riskNames: riskNames(scope) }, row: open, events: ["opened"] };
    },
    ({ row }) => ({ change: { kind: "milestone", signalId: row.id, levels: loss([10]) }, row, events: ["loss:10"] }),
    ({ row, scope }) => ({ change: { kind: "close", row, riskNames: riskNames(scope) }, row, events: ["closed"] }),
  ],
  // limit entry that never fills
  [
    ({ row }) => ({ change: { kind: "schedule", row }, row, events: ["scheduled"] }),
    ({ row }) => ({ change: { kind: "cancel", row }, row, events: ["cancelled"] }),
  ],
];

const topicOf = (suffix: string): string =>
  suffix.startsWith("profit:") ? "partialProfit" : suffix.startsWith("loss:") ? "partialLoss" : "signal";

const EMPTY_MODEL: Model = {
  pairs: PAIRS.map(() => ({ signal: null, schedule: null, partial: {} })),
  risk: Object.fromEntries(RISK_NAMES.map((name) => [name, {}])),
};

export const applyToModel = (model: Model, pairIndex: number, change: StateChange): Model => {
  const scope = PAIRS[pairIndex]!;
  const key = riskKey(scope.strategyName, scope.symbol);
  const pairs = [...model.pairs];
  const pair = pairs[pairIndex]!;
  const risk: Record<string, Record<string, string>> = Object.fromEntries(Object.entries(model.risk).map(([name, slots]) => [name, { ...slots }]));
  switch (change.kind) {
    case "schedule":
      pairs[pairIndex] = { ...pair, schedule: change.row };
      break;
    case "cancel":
      pairs[pairIndex] = { ...pair, schedule: null };
      break;
    case "open":
    case "activate":
      pairs[pairIndex] = { ...pair, signal: change.row, schedule: change.kind === "activate" ? null : pair.schedule };
      for (const name of change.riskNames) risk[name]![key] = change.row.id;
      break;
    case "milestone":
      pairs[pairIndex] = { ...pair, partial: { ...pair.partial, [change.signalId]: change.levels } };
      break;
    case "close": {
      const { [change.row.id]: _closed, ...rest } = pair.partial;
      pairs[pairIndex] = { ...pair, signal: null, partial: rest };
      for (const name of change.riskNames) delete risk[name]![key];
      break;
    }
  }
  return { pairs, risk };
};

/** The workload, generated on demand and memoised. State 0 is empty; step n leads to state n. */
export class Scenario {
  private readonly states: Model[] = [EMPTY_MODEL];
  private readonly steps: Step[] = [];
  private readonly cursors = PAIRS.map(() => ({ cycle: 0, phase: 0, row: undefined as SignalRow | undefined }));
  private readonly eventsById = new Map<string, OutboxEvent>();

  stateAt(n: number): Model {
    this.extendTo(n);
    return this.states[n]!;
  }

  stepAt(n: number): Step {
    this.extendTo(n);
    return this.steps[n - 1]!;
  }

  /** The event with this id, if the workload ever produces it. */
  eventById(id: string, upTo: number): OutboxEvent | undefined {
    this.extendTo(upTo);
    return this.eventsById.get(id);
  }

  private extendTo(n: number): void {
    while (this.states.length <= n) {
      const index = this.states.length;
      const step = this.next(index);
      this.steps.push(step);
      step.events.forEach((event) => this.eventsById.set(event.id, event));
      this.states.push(applyToModel(this.states[index - 1]!, step.pair, step.change));
    }
  }

  private next(index: number): Step {
    const pairIndex = (index - 1) % PAIRS.length;
    const scope = PAIRS[pairIndex]!;
    const cursor = this.cursors[pairIndex]!;
    const pattern = PATTERNS[(cursor.cycle + pairIndex) % PATTERNS.length]!;
    const at = T0 + index * 60_000;
    const row = cursor.phase === 0 ? freshRow(scope, pairIndex, cursor.cycle, at) : cursor.row!;
    const phase = pattern[cursor.phase]!({ row, at, scope });
    cursor.row = phase.row;
    cursor.phase += 1;
    if (cursor.phase === pattern.length) {
      cursor.cycle += 1;
      cursor.phase = 0;
    }
    const events = phase.events.map((suffix) => ({
      id: `${row.id}:${suffix}`,
      topic: topicOf(suffix),
      payload: { step: index, signalId: row.id },
    }));
    return { index, pair: pairIndex, change: phase.change, events };
  }
}

const freshRow = (scope: PairScope, pairIndex: number, cycle: number, at: number): SignalRow => ({
  id: `p${pairIndex}-c${cycle}`,
  symbol: scope.symbol,
  strategyName: scope.strategyName,
  exchangeName: "binance",
  position: cycle % 2 === 0 ? "long" : "short",
  priceOpen: 100 + cycle,
  priceTakeProfit: cycle % 2 === 0 ? 110 + cycle : 90 + cycle,
  priceStopLoss: cycle % 2 === 0 ? 95 + cycle : 105 + cycle,
  minuteEstimatedTime: 240,
  scheduledAt: at,
  pendingAt: 0,
  note: `cycle ${cycle}`,
});

/** The model a snapshot (raw files, or a recovery's resolved state) describes. */
export const modelOf = (snapshot: LiveSnapshot): Model => ({
  pairs: PAIRS.map((scope) => {
    const found = snapshot.pairs.find((p) => p.scope.symbol === scope.symbol && p.scope.strategyName === scope.strategyName)!;
    return found.files;
  }),
  risk: Object.fromEntries(
    RISK_NAMES.map((name) => [name, Object.fromEntries((snapshot.risk[name] ?? []).map(([key, position]) => [key, position.signalId]))]),
  ),
});

export const sameModel = (a: Model, b: Model): boolean => isDeepStrictEqual(a, b);
