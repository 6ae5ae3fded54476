/**
 * The compounded equity curve and its deepest fall, peak to trough. Equity starts at 1 when the
 * first trade opens and is multiplied by (1 + pnl/100) at each close. The deepest drawdown is
 * the largest 1 − E_j / E_i over points i before j: a running peak gives it in one pass, and the
 * part's growth, highest point and lowest point are all a merge needs to find the drops that
 * cross the boundary, so merging two parts is exact.
 *
 * A peak time of `null` means "the start of this part": after a merge it becomes the time of
 * the previous part's last point, which is the same equity in the concatenation.
 */
export interface Drawdown {
  /** Product of (1 + pnl/100): the equity at the last point. */
  growth: number;
  points: number;
  lastTime: number;
  /** Highest point, the start included; ties keep the latest (the shortest drawdown after it). */
  peak: number;
  peakTime: number | null;
  /** Lowest point after the start. */
  trough: number;
  troughTime: number;
  /** Deepest drawdown, as a fraction of its peak (0 ≤ depth < 1), and where it began and bottomed. */
  depth: number;
  depthPeakTime: number | null;
  depthTroughTime: number;
}

export const emptyDrawdown = (): Drawdown => ({
  growth: 1,
  points: 0,
  lastTime: 0,
  peak: 1,
  peakTime: null,
  trough: Infinity,
  troughTime: 0,
  depth: 0,
  depthPeakTime: null,
  depthTroughTime: 0,
});

export const addEquityPoint = (d: Drawdown, pnlPercentage: number, time: number): void => {
  const equity = d.growth * (1 + pnlPercentage / 100);
  d.growth = equity;
  d.points++;
  d.lastTime = time;
  if (equity < d.trough) {
    d.trough = equity;
    d.troughTime = time;
  }
  const depth = 1 - equity / d.peak;
  if (depth > d.depth) {
    d.depth = depth;
    d.depthPeakTime = d.peakTime;
    d.depthTroughTime = time;
  }
  if (equity >= d.peak) {
    d.peak = equity;
    d.peakTime = time;
  }
};

export const mergeDrawdown = (a: Drawdown, b: Drawdown): Drawdown => {
  if (b.points === 0) return { ...a };
  if (a.points === 0) return { ...b };
  const joinTime = (time: number | null): number | null => time ?? a.lastTime;
  const merged: Drawdown = {
    growth: a.growth * b.growth,
    points: a.points + b.points,
    lastTime: b.lastTime,
    peak: a.peak,
    peakTime: a.peakTime,
    trough: a.trough,
    troughTime: a.troughTime,
    depth: a.depth,
    depthPeakTime: a.depthPeakTime,
    depthTroughTime: a.depthTroughTime,
  };
  // Candidates in the order one pass would meet their troughs; a later one must be strictly
  // deeper. On the same trough b's own drop goes first: its peak is the later one, and the cross
  // drop (peak in a) wins only if strictly deeper, as the running peak would decide.
  const cross = { depth: 1 - (a.growth * b.trough) / a.peak, peakTime: a.peakTime, troughTime: b.troughTime };
  const inner = { depth: b.depth, peakTime: joinTime(b.depthPeakTime), troughTime: b.depthTroughTime };
  const ordered = b.depth > 0 && inner.troughTime <= cross.troughTime ? [inner, cross] : [cross, inner];
  for (const candidate of ordered) {
    if (candidate.depth > merged.depth) {
      merged.depth = candidate.depth;
      merged.depthPeakTime = candidate.peakTime;
      merged.depthTroughTime = candidate.troughTime;
    }
  }
  if (a.growth * b.trough < merged.trough) {
    merged.trough = a.growth * b.trough;
    merged.troughTime = b.troughTime;
  }
  if (a.growth * b.peak >= a.peak) {
    merged.peak = a.growth * b.peak;
    merged.peakTime = joinTime(b.peakTime);
  }
  return merged;
};
