import type { Effect } from "../effects.js";

type Emitted = Extract<Effect, { type: "emit" }>;

/**
 * Checks an emitted event stream against the lifecycle's invariants and returns every violation
 * as a sentence (empty = all hold). Use it in property tests of your own strategies:
 * `expect(lifecycleViolations(result.emitted)).toEqual([])`.
 *
 * - at most one scheduled or open signal at a time; opened follows scheduled only for its id;
 *   closed follows opened, cancelled follows scheduled;
 * - each milestone level at most once per signal and side, ascending, only while open;
 * - take profit closes at exactly TP, stop loss at exactly SL; PnL is finite;
 * - event times never go backwards.
 */
export const lifecycleViolations = (emitted: ReadonlyArray<Emitted>): string[] => {
  const problems: string[] = [];
  let scheduled: string | null = null;
  let open: string | null = null;
  let lastTime = -Infinity;
  const lastLevel = new Map<string, number>();

  emitted.forEach((effect, index) => {
    const where = `event ${index}`;
    if (effect.topic === "signal") {
      const e = effect.event;
      if (e.timestamp < lastTime) problems.push(`${where}: ${e.action} at ${e.timestamp} is before ${lastTime}`);
      lastTime = e.timestamp;
      const id = e.signal.id;
      switch (e.action) {
        case "scheduled":
          if (scheduled !== null || open !== null) problems.push(`${where}: ${id} scheduled while ${scheduled ?? open} is held`);
          scheduled = id;
          break;
        case "opened":
          if (open !== null) problems.push(`${where}: ${id} opened while ${open} is open`);
          if (scheduled !== null && scheduled !== id) problems.push(`${where}: ${id} opened while ${scheduled} is scheduled`);
          scheduled = null;
          open = id;
          break;
        case "closed":
          if (open !== id) problems.push(`${where}: ${id} closed but the open signal is ${open}`);
          open = null;
          if (e.closeReason === "take_profit" && e.currentPrice !== e.signal.priceTakeProfit) {
            problems.push(`${where}: take profit of ${id} closed at ${e.currentPrice}, not at TP ${e.signal.priceTakeProfit}`);
          }
          if (e.closeReason === "stop_loss" && e.currentPrice !== e.signal.priceStopLoss) {
            problems.push(`${where}: stop loss of ${id} closed at ${e.currentPrice}, not at SL ${e.signal.priceStopLoss}`);
          }
          if (!Number.isFinite(e.pnl.pnlPercentage)) problems.push(`${where}: PnL of ${id} is ${e.pnl.pnlPercentage}`);
          break;
        case "cancelled":
          if (scheduled !== id) problems.push(`${where}: ${id} cancelled but the scheduled signal is ${scheduled}`);
          scheduled = null;
          break;
      }
    } else if (effect.topic === "partialProfit" || effect.topic === "partialLoss") {
      const e = effect.event;
      if (e.timestamp < lastTime) problems.push(`${where}: milestone at ${e.timestamp} is before ${lastTime}`);
      lastTime = e.timestamp;
      if (open !== e.data.id) problems.push(`${where}: milestone for ${e.data.id} while the open signal is ${open}`);
      const key = `${e.data.id}:${effect.topic}`;
      const previous = lastLevel.get(key);
      if (previous !== undefined && e.level <= previous) {
        problems.push(`${where}: ${effect.topic} level ${e.level} of ${e.data.id} after level ${previous}`);
      }
      lastLevel.set(key, e.level);
    }
  });
  return problems;
};
