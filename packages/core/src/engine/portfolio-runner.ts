import { isThenable } from "../thenable.js";
import { openBacktest, type BacktestJob, type BacktestResult, type ShellPorts } from "./backtest-runner.js";

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
export async function* runPortfolio(
  jobs: ReadonlyArray<Omit<BacktestJob, "release">>,
  ports: ShellPorts,
): AsyncGenerator<BacktestResult, void, undefined> {
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
  for (;;) {
    let next = -1;
    let at = Number.POSITIVE_INFINITY;
    runs.forEach((run, i) => {
      const time = run.waitingAt();
      if (time !== null && time < at) {
        at = time;
        next = i;
      }
    });
    if (next < 0) break;
    giveBackUpTo(at);
    const run = runs[next]!;
    const stepped = run.step();
    if (isThenable(stepped)) await stepped;
    yield* run.takeResults();
  }
  giveBackUpTo(Number.POSITIVE_INFINITY);
  for (const run of runs) {
    await run.finish();
    yield* run.takeResults();
  }
  await ports.events.drain();
  for (const run of runs) await ports.events.emit("doneBacktest", { backtest: true, ...run.names, candles: run.candles() });
}
