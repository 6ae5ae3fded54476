/**
 * `pnpm bench [--json]`: the lifecycle workload of issue #2 over the shipped year of candles,
 * through the library's batch fold, its per-candle stepping and a hand-written loop; outcomes must
 * be identical, speeds are reported as candles per second and as ratios to the loop.
 */
import { loadCandles, YEAR_OF_BTC } from "../../examples/src/lib/load-candles.js";
import { disagreements, LOOP, lifecycleContestants } from "./lifecycle/contestants.js";
import { durableRecordsOf } from "./lifecycle/library-run.js";
import { loadavg } from "node:os";
import { measureInterleaved, UnrepeatableRunError, type Measurement } from "./lifecycle/measure.js";
import type { Outcomes } from "./lifecycle/outcomes.js";
import { isolatedContestants } from "./lifecycle/isolated.js";
import { figuresOf, jsonLines, textReport } from "./lifecycle/report.js";
import { YEAR_FRAME } from "./lifecycle/workload.js";

// A round of all five takes about half a second here; 3 + 11 rounds keep the bench well under a
// minute and give the medians enough runs on a shared machine.
const WARMUP_ROUNDS = 3;
const TIMED_ROUNDS = 11;

const fail = (message: string): never => {
  process.stderr.write(`Lifecycle bench: ${message}\n`);
  process.exit(1);
};

const failOnDisagreement = (results: ReadonlyArray<{ name: string; outcomes: Outcomes }>): void => {
  const problems = disagreements(results);
  if (problems.length > 0) fail(`the contestants' outcomes are not identical, so their speeds mean nothing.\n${problems.join("\n")}`);
};

/**
 * Each contestant runs on a thread of its own (isolated.ts) unless LIFECYCLE_BENCH_SHARED=1,
 * which runs them all in this thread, as the bench did before (for comparison).
 */
const SHARED = process.env.LIFECYCLE_BENCH_SHARED === "1";

const measure = async (): Promise<Measurement[]> => {
  const series = loadCandles(YEAR_OF_BTC);
  const isolated = SHARED ? null : isolatedContestants(lifecycleContestants(series, YEAR_FRAME).map((c) => c.name), series, YEAR_FRAME);
  try {
    return await measureInterleaved(isolated?.contestants ?? lifecycleContestants(series, YEAR_FRAME), {
      warmupRounds: WARMUP_ROUNDS,
      timedRounds: TIMED_ROUNDS,
      checkFirstOutcomes: failOnDisagreement,
    });
  } catch (error) {
    if (error instanceof UnrepeatableRunError) return fail(error.message);
    throw error;
  } finally {
    await isolated?.close();
  }
};

const iso = (time: number) => `${new Date(time).toISOString().slice(0, 16)}Z`;

const load = () => loadavg()[0]!.toFixed(2);
const loadAtStart = load();
const figures = figuresOf(await measure(), LOOP);

/**
 * Backtests must not pay for persistence: one untimed run per driver counts the durable records
 * (commit effects) built among all effects. Any at all fails the bench.
 */
const durableLine = (): string => {
  const series = loadCandles(YEAR_OF_BTC);
  const counts = (["fold", "step"] as const).map((driver) => ({ driver, ...durableRecordsOf(series, YEAR_FRAME, driver) }));
  const built = counts.filter((c) => c.commits > 0);
  if (built.length > 0) fail(`the backtest path built durable records: ${built.map((c) => `${c.driver} ${c.commits} commit effects`).join(", ")}`);
  return `durable records built on the backtest path: ${counts.map((c) => `${c.driver} 0 of ${c.effects.toLocaleString("en-US")} effects`).join(", ")} (a live step commits each change; a backtest emits only the events)`;
};
const json = process.argv.slice(2).includes("--json");
const output = json
  ? jsonLines(figures)
  : textReport(figures, {
      frame: `${iso(YEAR_FRAME.startTime)} … ${iso(YEAR_FRAME.endTime)}`,
      warmupRounds: WARMUP_ROUNDS,
      timedRounds: TIMED_ROUNDS,
      loopName: LOOP,
      isolated: !SHARED,
      loadAverage: `${loadAtStart} at the start, ${load()} at the end`,
    });
// Checked with --json too; only the text report prints the line.
const durable = durableLine();
process.stdout.write(json ? `${output}\n` : `${output}\n${durable}\n`);
