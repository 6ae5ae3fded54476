/**
 * Count, mean and sum of squared deviations (Welford), merged with Chan's formula: the
 * population standard deviation of all trades in O(1) memory, without the cancellation that
 * Σr² − n·mean² suffers when the mean is large against the spread.
 */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

export const emptyMoments = (): Moments => ({ n: 0, mean: 0, m2: 0 });

export const addMoment = (m: Moments, x: number): void => {
  m.n++;
  const delta = x - m.mean;
  m.mean += delta / m.n;
  m.m2 += delta * (x - m.mean);
};

export const mergeMoments = (a: Moments, b: Moments): Moments => {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n };
};

/** Population standard deviation, null without data. */
export const populationStdDev = (m: Moments): number | null => (m.n === 0 ? null : Math.sqrt(Math.max(0, m.m2) / m.n));
