import type { Effect, LifecycleInput } from "@tickfold/core";

export interface PricePoint {
  readonly time: number;
  readonly price: number;
}

/** One position as drawn: where it was entered and, once closed, where it left. */
export interface PositionMark {
  readonly position: "long" | "short";
  readonly entry: PricePoint;
  readonly exit: (PricePoint & { readonly reason: string }) | null;
}

export interface MilestoneMark extends PricePoint {
  readonly side: "profit" | "loss";
  readonly level: number;
}

/** What the page draws: structured-clone friendly, so it crosses from the worker as is. */
export interface ChartData {
  readonly prices: ReadonlyArray<PricePoint>;
  readonly positions: ReadonlyArray<PositionMark>;
  readonly milestones: ReadonlyArray<MilestoneMark>;
}

/** The price line is the ticks' VWAP; positions and milestones come from the replay's emit effects. */
export const chartData = (inputs: ReadonlyArray<LifecycleInput>, effects: ReadonlyArray<Effect>): ChartData => {
  const prices = inputs.flatMap((input) => (input.kind === "tick" ? [{ time: input.time, price: input.price }] : []));
  const positions: PositionMark[] = [];
  const milestones: MilestoneMark[] = [];
  const openById = new Map<string, number>();
  for (const effect of effects) {
    if (effect.type !== "emit") continue;
    if (effect.topic === "partialProfit" || effect.topic === "partialLoss") {
      const { timestamp, currentPrice, level } = effect.event;
      milestones.push({ time: timestamp, price: currentPrice, level, side: effect.topic === "partialProfit" ? "profit" : "loss" });
    } else if (effect.topic === "signal" && effect.event.action === "opened") {
      const { signal, currentPrice, timestamp } = effect.event;
      openById.set(signal.id, positions.length);
      positions.push({ position: signal.position, entry: { time: timestamp, price: currentPrice }, exit: null });
    } else if (effect.topic === "signal" && effect.event.action === "closed") {
      const index = openById.get(effect.event.signal.id);
      if (index === undefined) continue;
      const { closeTimestamp, currentPrice, closeReason } = effect.event;
      positions[index] = { ...positions[index]!, exit: { time: closeTimestamp, price: currentPrice, reason: closeReason } };
    }
  }
  return { prices, positions, milestones };
};
