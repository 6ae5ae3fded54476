import { isThenable } from "../thenable.js";
import { announceDone, openBacktest, type BacktestJob, type BacktestResult, type BacktestStepper, type ShellPorts } from "./backtest-runner.js";
import type { Pull } from "./result-stream.js";

interface Deferred {
  readonly time: number;
  readonly giveBack: () => void;
}

/**
 * Backtests several symbols and strategies as one portfolio over shared risk profiles, so that
 * `maxConcurrentPositions` counts what is open at each moment across all of them. Each run goes
 * at its own pace through the batch fold; they meet only at risk checks. So the runs are resumed
 * in the time order of their requests (ties by the order given), and a closed position's slot is
 * given back only once every run has reached the close's time: a check at time t sees exactly the
 * slots held at t (a slot freed at t is free for a signal opening at t).
 */
export const portfolioResults = (jobs: ReadonlyArray<Omit<BacktestJob, "release">>, ports: ShellPorts): Pull<BacktestResult> => {
  const deferred: Deferred[] = [];
  const release = (time: number, giveBack: () => void): void => {
    // Kept in time order; equal times keep the order they came in.
    let i = deferred.length;
    while (i > 0 && deferred[i - 1]!.time > time) i--;
    deferred.splice(i, 0, { time, giveBack });
  };
  const giveBackUpTo = (time: number): void => {
    let n = 0;
    while (n < deferred.length && deferred[n]!.time <= time) deferred[n++]!.giveBack();
    deferred.splice(0, n);
  };

  const runs = jobs.map((job) => openBacktest({ ...job, release }, ports));
  /** The run whose request comes first (ties: the order given), or undefined when all ended. */
  const earliest = (): BacktestStepper | undefined => {
    let first: BacktestStepper | undefined;
    let at = Number.POSITIVE_INFINITY;
    for (const run of runs) {
      const time = run.waitingAt();
      if (time !== null && time < at) {
        at = time;
        first = run;
      }
    }
    if (first !== undefined) giveBackUpTo(at);
    return first;
  };

  let stage: "running" | "finishing" | "done" = "running";
  return () => {
    if (stage === "running") {
      for (let run = earliest(); run !== undefined; run = earliest()) {
        const stepped = run.step();
        if (isThenable(stepped)) return stepped.then(run.takeResults);
        const results = run.takeResults();
        if (results.length > 0) return results;
      }
      stage = "finishing";
      giveBackUpTo(Number.POSITIVE_INFINITY);
      return finishAll(runs);
    }
    if (stage === "finishing") {
      stage = "done";
      return announceDone(ports, runs);
    }
    return null;
  };
};

const finishAll = async (runs: ReadonlyArray<BacktestStepper>): Promise<BacktestResult[]> => {
  const results: BacktestResult[] = [];
  for (const run of runs) {
    await run.finish();
    results.push(...run.takeResults());
  }
  return results;
};
