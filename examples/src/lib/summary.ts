import type { Emitted } from "@tickfold/core";

export interface Summary {
  readonly opened: number;
  readonly closedBy: Record<string, number>;
  readonly cancelledBy: Record<string, number>;
  readonly rejected: number;
  readonly wins: number;
  readonly sumPnlPercent: number;
  readonly pnlCost: number;
  readonly milestones: { readonly profit: Record<number, number>; readonly loss: Record<number, number> };
}

/** Counts what a backtest emitted: closes by reason, PnL, and how often each milestone was reached. */
export const summarize = (emitted: ReadonlyArray<Emitted>): Summary => {
  const closedBy: Record<string, number> = {};
  const cancelledBy: Record<string, number> = {};
  const profit: Record<number, number> = {};
  const loss: Record<number, number> = {};
  let opened = 0;
  let rejected = 0;
  let wins = 0;
  let sumPnlPercent = 0;
  let pnlCost = 0;
  for (const effect of emitted) {
    if (effect.topic === "signal") {
      const e = effect.event;
      if (e.action === "opened") opened++;
      if (e.action === "cancelled") cancelledBy[e.reason] = (cancelledBy[e.reason] ?? 0) + 1;
      if (e.action === "closed") {
        closedBy[e.closeReason] = (closedBy[e.closeReason] ?? 0) + 1;
        sumPnlPercent += e.pnl.pnlPercentage;
        pnlCost += e.pnl.pnlCost;
        if (e.pnl.pnlPercentage > 0) wins++;
      }
    } else if (effect.topic === "partialProfit") profit[effect.event.level] = (profit[effect.event.level] ?? 0) + 1;
    else if (effect.topic === "partialLoss") loss[effect.event.level] = (loss[effect.event.level] ?? 0) + 1;
    else if (effect.topic === "validation") rejected++;
  }
  return { opened, closedBy, cancelledBy, rejected, wins, sumPnlPercent, pnlCost, milestones: { profit, loss } };
};

export const formatSummary = (s: Summary): string => {
  const closed = Object.values(s.closedBy).reduce((a, b) => a + b, 0);
  const levels = (counts: Record<number, number>) =>
    Object.entries(counts)
      .map(([level, n]) => `${level}%×${n}`)
      .join("  ") || "none";
  return [
    `signals opened      ${s.opened}`,
    `closed              ${closed}  (${Object.entries(s.closedBy).map(([r, n]) => `${r} ${n}`).join(", ")})`,
    `cancelled           ${Object.entries(s.cancelledBy).map(([r, n]) => `${r} ${n}`).join(", ") || "0"}`,
    `rejected proposals  ${s.rejected}`,
    `win rate            ${closed === 0 ? "n/a" : ((s.wins / closed) * 100).toFixed(1) + "%"}`,
    `sum of PnL          ${s.sumPnlPercent.toFixed(2)}%  (${s.pnlCost.toFixed(2)} on 100 per trade, after fees and slippage)`,
    `profit milestones   ${levels(s.milestones.profit)}`,
    `loss milestones     ${levels(s.milestones.loss)}`,
  ].join("\n");
};
