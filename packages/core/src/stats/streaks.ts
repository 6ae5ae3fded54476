/**
 * Longest runs of winning and of losing trades. A trade with PnL exactly 0 is neither and breaks
 * no run (as backtest-kit's heat report counts them). Besides the longest runs the accumulator
 * keeps the run at each end, so two parts merge into exactly the runs of their concatenation.
 */
export interface Streaks {
  /** Sign of the first and last counted trade: 1 win, -1 loss, 0 none yet. */
  first: 1 | -1 | 0;
  firstRun: number;
  last: 1 | -1 | 0;
  lastRun: number;
  /** Every counted trade so far has the same sign (one run). */
  single: boolean;
  longestWin: number;
  longestLoss: number;
}

export const emptyStreaks = (): Streaks => ({ first: 0, firstRun: 0, last: 0, lastRun: 0, single: true, longestWin: 0, longestLoss: 0 });

const record = (s: Streaks, sign: 1 | -1, run: number): void => {
  if (sign === 1) s.longestWin = Math.max(s.longestWin, run);
  else s.longestLoss = Math.max(s.longestLoss, run);
};

export const addStreak = (s: Streaks, pnl: number): void => {
  if (pnl === 0 || Number.isNaN(pnl)) return;
  const sign = pnl > 0 ? 1 : -1;
  if (s.last === sign) s.lastRun++;
  else {
    s.last = sign;
    s.lastRun = 1;
  }
  if (s.first === 0) s.first = sign;
  if (s.single && sign === s.first) s.firstRun = s.lastRun;
  else s.single = false;
  record(s, sign, s.lastRun);
};

export const mergeStreaks = (a: Streaks, b: Streaks): Streaks => {
  if (b.first === 0) return { ...a };
  if (a.first === 0) return { ...b };
  const joins = a.last === b.first;
  const merged: Streaks = {
    first: a.first,
    firstRun: a.single && joins ? a.firstRun + b.firstRun : a.firstRun,
    last: b.last,
    lastRun: b.single && joins ? a.lastRun + b.lastRun : b.lastRun,
    single: a.single && b.single && joins,
    longestWin: Math.max(a.longestWin, b.longestWin),
    longestLoss: Math.max(a.longestLoss, b.longestLoss),
  };
  if (joins) record(merged, a.last as 1 | -1, a.lastRun + b.firstRun);
  return merged;
};
