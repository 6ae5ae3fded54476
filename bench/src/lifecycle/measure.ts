import { outcomeDifferences, type Outcomes } from "./outcomes.js";

export interface Contestant<T = Outcomes> {
  readonly name: string;
  /** One run; an async contestant (the engine's `Backtest.run`) is timed until its promise settles. */
  readonly run: () => T | Promise<T>;
}

export interface Measurement<T = Outcomes> {
  readonly name: string;
  /** Outcomes of the first run; later runs are checked against them. */
  readonly outcomes: T;
  /** Wall time of each timed run, in run order. */
  readonly runsMs: ReadonlyArray<number>;
  /**
   * CPU time of the process during each timed run (every thread: the GC's helpers too), in run
   * order. On a machine shared with other work a run loses wall time while it waits for a core,
   * not CPU time, so CPU time ratios hold when wall time ratios swing.
   */
  readonly cpuMs: ReadonlyArray<number>;
}

export interface MeasureOptions<T = Outcomes> {
  /**
   * Untimed rounds first (the checked first round counts as one), so that every contestant runs
   * optimised code when the clock starts.
   */
  readonly warmupRounds: number;
  readonly timedRounds: number;
  /** Called after the first round, before any timing: a wrong contestant should fail fast. */
  readonly checkFirstOutcomes?: (first: ReadonlyArray<{ name: string; outcomes: T }>) => void;
}

/** A contestant that does not repeat its own outcomes cannot be timed meaningfully. */
export class UnrepeatableRunError extends Error {
  constructor(name: string, round: number, differences: ReadonlyArray<string>) {
    super(`${name} produced different outcomes on round ${round} than on its first run; a run must be deterministic (${differences.join("; ")})`);
    this.name = "UnrepeatableRunError";
  }
}

/**
 * Runs the contestants in interleaved rounds, the starting contestant rotating each round, so that
 * a noisy stretch of the machine, and the garbage one contestant leaves for the next to collect,
 * are spread over all of them instead of landing on one. Every run is checked, untimed, against
 * the contestant's first with `repeatDifferences` (empty = the same).
 */
export const measureRounds = async <T>(
  contestants: ReadonlyArray<Contestant<T>>,
  options: MeasureOptions<T>,
  repeatDifferences: (first: T, later: T) => ReadonlyArray<string>,
): Promise<Measurement<T>[]> => {
  const firsts: Array<{ name: string; outcomes: T }> = [];
  for (const c of contestants) firsts.push({ name: c.name, outcomes: await c.run() });
  options.checkFirstOutcomes?.(firsts);
  const runsMs = contestants.map((): number[] => []);
  const cpuMs = contestants.map((): number[] => []);
  const rounds = options.warmupRounds + options.timedRounds;
  for (let round = 1; round < rounds; round++) {
    for (let k = 0; k < contestants.length; k++) {
      const index = (round + k) % contestants.length;
      const contestant = contestants[index]!;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const ran = contestant.run();
      const outcomes = ran instanceof Promise ? await ran : ran;
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpu);
      // A run is deterministic: the same contestant must repeat its outcomes bit for bit.
      const differences = repeatDifferences(firsts[index]!.outcomes, outcomes);
      if (differences.length > 0) throw new UnrepeatableRunError(contestant.name, round + 1, differences);
      if (round >= options.warmupRounds) {
        runsMs[index]!.push(elapsed);
        cpuMs[index]!.push((used.user + used.system) / 1000);
      }
    }
  }
  return contestants.map((c, i) => ({ name: c.name, outcomes: firsts[i]!.outcomes, runsMs: runsMs[i]!, cpuMs: cpuMs[i]! }));
};

/** The lifecycle contestants, checked with the one outcome comparison and no PnL tolerance. */
export const measureInterleaved = (contestants: ReadonlyArray<Contestant>, options: MeasureOptions): Promise<Measurement[]> =>
  measureRounds(contestants, options, (first, later) =>
    outcomeDifferences({ name: "first run", outcomes: first }, { name: "this run", outcomes: later }, 0),
  );

export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
