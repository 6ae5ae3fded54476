/** What a run of the workload produced; the contestants must agree on every field. */
export interface Outcomes {
  /** Candles from the frame start up to where the run ended (the library's `result.candles`). */
  readonly candles: number;
  readonly closed: number;
  readonly takeProfit: number;
  readonly stopLoss: number;
  readonly timeExpired: number;
  /** Proposals that failed validation. */
  readonly rejected: number;
  /** Sum of `pnlPercentage` over the closed positions, in close order. */
  readonly sumPnl: number;
  /** Partial profit and loss events (SPEC §5); null for a contestant that does not compute them. */
  readonly milestones: number | null;
}

/** Summed PnL may differ only by float reassociation noise, never by a trade. */
export const SUM_PNL_RELATIVE_TOLERANCE = 1e-9;

const COUNTS = ["candles", "closed", "takeProfit", "stopLoss", "timeExpired", "rejected"] as const;

/**
 * Every way two runs' outcomes differ, as sentences naming both runs (neither is presumed right);
 * empty when they agree. `sumPnlTolerance` is relative: the default between contestants, 0 for
 * a contestant against its own earlier run (which must repeat bit for bit).
 */
export const outcomeDifferences = (
  a: { readonly name: string; readonly outcomes: Outcomes },
  b: { readonly name: string; readonly outcomes: Outcomes },
  sumPnlTolerance: number = SUM_PNL_RELATIVE_TOLERANCE,
): string[] => {
  const differences: string[] = [];
  const both = (field: string, x: number, y: number) => `${field}: ${a.name} ${x}, ${b.name} ${y}`;
  for (const field of COUNTS) {
    if (a.outcomes[field] !== b.outcomes[field]) differences.push(both(field, a.outcomes[field], b.outcomes[field]));
  }
  const [m, n] = [a.outcomes.milestones, b.outcomes.milestones];
  if (m !== null && n !== null && m !== n) differences.push(both("milestones", m, n));
  const x = a.outcomes.sumPnl;
  const y = b.outcomes.sumPnl;
  const relative = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), Number.MIN_VALUE);
  if (!(Object.is(x, y) || relative <= sumPnlTolerance)) {
    differences.push(`${both("sumPnl", x, y)} (relative difference ${relative.toExponential(2)})`);
  }
  return differences;
};
