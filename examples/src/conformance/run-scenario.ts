import { basename } from "node:path";
import {
  seriesWindow,
  toBacktestKitConfig,
  type CandleSeries,
  type MilestoneEvent,
  type SignalEvent,
  type SignalRow,
  type ValidationEvent,
} from "@tickfold/core";
import { createEngine } from "tickfold";

type Heard =
  | { readonly topic: "signal"; readonly event: SignalEvent }
  | { readonly topic: "partialProfit" | "partialLoss"; readonly event: MilestoneEvent }
  | { readonly topic: "validation"; readonly event: ValidationEvent };
import type { Scenario } from "./scenario.js";

type Line = Record<string, unknown> & { event: string };

const iso = (ts: number): string => new Date(ts).toISOString();

const signalFields = (signal: SignalRow) => ({
  position: signal.position,
  priceOpen: signal.priceOpen,
  priceTakeProfit: signal.priceTakeProfit,
  priceStopLoss: signal.priceStopLoss,
  minuteEstimatedTime: signal.minuteEstimatedTime,
  scheduledAt: signal.scheduledAt,
  pendingAt: signal.pendingAt,
});

/** Same-time lines are ordered as backtest-kit's recorder orders them. */
const RANK: Record<string, number> = {
  not_offered: 0,
  offered: 0,
  rejected: 1,
  scheduled: 2,
  opened: 3,
  partial_profit: 4,
  partial_loss: 4,
  closed: 5,
  cancelled: 5,
};

/**
 * Runs a scenario through the `tickfold` package's public API (`addStrategy`, `Backtest.run`, the
 * bus's listeners) and renders the event stream in the conformance JSONL format: the strategy
 * returns the scenario's proposal when asked at exactly its `at`, else null.
 */
export const runScenario = async (scenario: Scenario, candles: CandleSeries): Promise<Line[]> => {
  const byTime = new Map(scenario.strategy.signals.map((s) => [Date.parse(s.at), s]));
  const lines: Line[] = [];
  const asked = new Set<number>();
  const offeredAt = new Map<number, string>();
  let getSignalCalls = 0;

  const engine = createEngine();
  engine.setConfig(scenario.config ?? {});
  engine.addExchange({ exchangeName: "recorded", getCandles: () => [], getCandleSeries: (_symbol, from, to) => seriesWindow(candles, from, to) });
  engine.addFrame({ frameName: scenario.name, ...scenario.frame });
  engine.addStrategy({
    strategyName: scenario.name,
    interval: scenario.strategy.interval,
    getSignal: (_symbol, when, currentPrice) => {
      const time = when.getTime();
      getSignalCalls++;
      asked.add(time);
      const planned = byTime.get(time);
      if (!planned) return null;
      offeredAt.set(time, planned.id);
      lines.push({ event: "offered", ts: time, iso: iso(time), id: planned.id, currentPrice });
      const { at: _at, ...proposal } = planned;
      return proposal;
    },
  });
  engine.listenSignal((event) => void lines.push(...render({ topic: "signal", event }, offeredAt)));
  engine.listenPartialProfit((event) => void lines.push(...render({ topic: "partialProfit", event }, offeredAt)));
  engine.listenPartialLoss((event) => void lines.push(...render({ topic: "partialLoss", event }, offeredAt)));
  engine.listenValidation((event) => void lines.push(...render({ topic: "validation", event }, offeredAt)));
  for await (const _ of engine.Backtest.run(scenario.symbol, { strategyName: scenario.name, exchangeName: "recorded", frameName: scenario.name })) {
    // The results are on the bus too; the stream is rendered from the bus, as a user would listen.
  }
  await engine.bus.drain();

  for (const planned of scenario.strategy.signals) {
    const ts = Date.parse(planned.at);
    if (!asked.has(ts)) {
      lines.push({
        event: "not_offered",
        ts,
        iso: iso(ts),
        id: planned.id,
        why: "getSignal not called at this minute (position/schedule open, or interval throttle)",
      });
    }
  }
  const ordered = lines
    .map((line, order) => ({ line, order }))
    .sort((a, b) => (a.line.ts as number) - (b.line.ts as number) || RANK[a.line.event]! - RANK[b.line.event]! || a.order - b.order)
    .map(({ line }) => line);

  // The recorded header lists the settings that decide the lifecycle; the strategy timeout is not one.
  const { CC_MAX_SIGNAL_GENERATION_SECONDS: _timeout, ...config } = toBacktestKitConfig(engine.getConfig());
  const counts: Record<string, number> = {};
  for (const line of ordered) counts[line.event] = (counts[line.event] ?? 0) + 1;
  const header: Line = {
    event: "run",
    scenario: scenario.name,
    symbol: scenario.symbol,
    frameStart: Date.parse(scenario.frame.startDate),
    frameEnd: Date.parse(scenario.frame.endDate),
    interval: scenario.strategy.interval,
    candles: basename(scenario.candlesFile),
    config,
  };
  return [header, ...ordered, { event: "done", getSignalCalls, counts }];
};

const render = (effect: Heard, offeredAt: ReadonlyMap<number, string>): Line[] => {
  switch (effect.topic) {
    case "signal": {
      const e = effect.event;
      if (e.signal === null) return [];
      const base = { ts: e.timestamp, iso: iso(e.timestamp), id: e.signal.id, ...signalFields(e.signal) };
      switch (e.action) {
        case "active":
          return [];
        case "scheduled":
        case "opened":
          return [{ event: e.action, ...base, currentPrice: e.currentPrice }];
        case "closed":
          return [{ event: "closed", ...base, closeReason: e.closeReason, priceClose: e.currentPrice, pnl: e.pnl }];
        case "cancelled":
          return [{ event: "cancelled", ...base, reason: e.reason, currentPrice: e.currentPrice }];
      }
      return [];
    }
    case "partialProfit":
    case "partialLoss": {
      const e = effect.event;
      const event = effect.topic === "partialProfit" ? "partial_profit" : "partial_loss";
      return [{ event, ts: e.timestamp, iso: iso(e.timestamp), id: e.data.id, level: e.level, currentPrice: e.currentPrice }];
    }
    case "validation": {
      const e = effect.event;
      const ts = e.timestamp ?? 0;
      return [{ event: "rejected", ts, iso: iso(ts), id: offeredAt.get(ts) ?? "", errors: e.issues.map((i) => `${i.field}: ${i.rule}`) }];
    }
  }
};
