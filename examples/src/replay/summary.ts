import { emittedEvents, fingerprintReplay, type Effect, type JournalReplay } from "@tickfold/core";

/** `signal.opened`, `partialProfit`, …: how the summary counts an event. */
const kindOf = (effect: ReturnType<typeof emittedEvents>[number]): string =>
  effect.topic === "signal" ? `signal.${effect.event.action}` : effect.topic;

/** `kind n, kind n`, the kinds that occur (n > 0) in the order given, or "none". */
const listed = (counts: Iterable<readonly [string, number]>): string => {
  const present = [...counts].filter(([, n]) => n > 0);
  return present.length === 0 ? "none" : present.map(([key, n]) => `${key} ${n}`).join(", ");
};

const counted = (keys: Iterable<string>): string => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return listed(counts);
};

/** The lines `pnpm replay` prints for a replayed journal; the last one is the fingerprint. */
export const replaySummary = (replay: JournalReplay): string[] => {
  const { params } = replay;
  return [
    `${params.symbol} · ${params.strategyName} · ${params.exchangeName} · ${params.backtest ? "backtest" : "live"} (endDate ${Number.isFinite(params.endDate) ? new Date(params.endDate).toISOString() : params.endDate})`,
    `inputs: ${replay.inputs} (${listed(Object.entries(replay.inputsByKind))}); restarts: ${replay.restores}`,
    `events: ${counted(emittedEvents(replay.effects).map(kindOf))}`,
    `final phase: ${replay.state.phase}${replay.state.stopped ? " (stopped)" : ""}`,
    `fingerprint: ${fingerprintReplay(replay)}`,
  ];
};

/** The effect stream the fingerprint covers, one JSON line per effect (as in `serializeReplay`). */
export const eventLines = (effects: ReadonlyArray<Effect>): string[] => effects.map((effect) => JSON.stringify(effect));
