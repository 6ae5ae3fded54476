import type { StateChange } from "../durable/state-change.js";
import type { CommitEffect, Effect } from "../effects.js";
import type { LifecycleParams } from "./state.js";

type CommitEvent = CommitEffect["events"][number];

/**
 * The effects of a durable transition. Live: one commit carrying the change and its events (the
 * outbox unit). Backtest: the events alone; `change` is never called, so a backtest builds no
 * durable record.
 */
export const durably = (p: LifecycleParams, events: ReadonlyArray<CommitEvent>, change: () => StateChange): Effect[] =>
  p.backtest ? [...events] : [{ type: "commit", symbol: p.symbol, strategyName: p.strategyName, changes: [change()], events }];

/**
 * One step that made several durable changes (a market open whose own candle already reaches a
 * milestone or closes the position) commits them as one unit, at the place of the first commit.
 */
export const oneCommit = (effects: ReadonlyArray<Effect>): ReadonlyArray<Effect> => {
  const first = effects.findIndex((effect) => effect.type === "commit");
  if (first < 0 || effects.findIndex((effect, i) => i > first && effect.type === "commit") < 0) return effects;
  const commits = effects.filter((effect): effect is CommitEffect => effect.type === "commit");
  const merged: CommitEffect = {
    type: "commit",
    symbol: commits[0]!.symbol,
    strategyName: commits[0]!.strategyName,
    changes: commits.flatMap((commit) => commit.changes),
    events: commits.flatMap((commit) => commit.events),
  };
  const out: Effect[] = [];
  effects.forEach((effect, i) => {
    if (i === first) out.push(merged);
    else if (effect.type !== "commit") out.push(effect);
  });
  return out;
};
