import type { SignalRow } from "@tickfold/core";
import type { OutboxEvent } from "./outbox/outbox-record.js";
import type { LiveSnapshot } from "./recovery/snapshot.js";

/** Shared test data for commit and recovery tests: two pairs sharing one risk profile. */
export const BTC = { symbol: "BTCUSDT", strategyName: "trend", riskNames: ["portfolio", "btc-desk"] } as const;
export const ETH = { symbol: "ETHUSDT", strategyName: "trend", riskNames: ["portfolio"] } as const;

export const row = (pair: { symbol: string; strategyName: string }, id: string, overrides: Partial<SignalRow> = {}): SignalRow => ({
  id,
  symbol: pair.symbol,
  strategyName: pair.strategyName,
  exchangeName: "binance",
  position: "long",
  priceOpen: 100,
  priceTakeProfit: 110,
  priceStopLoss: 95,
  minuteEstimatedTime: 120,
  scheduledAt: 1_700_000_000_000,
  pendingAt: 0,
  note: "",
  ...overrides,
});

export const opened = (scheduled: SignalRow, at = 1_700_000_060_000): SignalRow => ({ ...scheduled, pendingAt: at });

export const event = (id: string, topic = "signal"): OutboxEvent => ({ id, topic, payload: { id } });

/** A pair's domain state and its slots, comparable with toEqual (absent = empty). */
export const pairState = (snapshot: LiveSnapshot, pair: { symbol: string; strategyName: string }) => {
  const found = snapshot.pairs.find((p) => p.scope.symbol === pair.symbol && p.scope.strategyName === pair.strategyName);
  if (found === undefined) throw new Error(`no ${pair.symbol}/${pair.strategyName} in snapshot`);
  const key = `${pair.strategyName}:${pair.symbol}`;
  const slots = Object.fromEntries(
    Object.entries(snapshot.risk)
      .map(([riskName, file]) => [riskName, new Map(file).get(key)?.signalId ?? null] as const)
      .filter(([, signalId]) => signalId !== null),
  );
  return {
    signal: found.files.signal?.id ?? null,
    pendingAt: found.files.signal?.pendingAt ?? null,
    schedule: found.files.schedule?.id ?? null,
    partial: found.files.partial,
    slots,
  };
};
