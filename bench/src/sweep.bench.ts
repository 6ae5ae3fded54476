/**
 * `pnpm bench:sweep`: parameter sweeps on worker threads, in one process.
 * 1. 64 parameter sets of the momentum strategy over the shipped year of 1-minute candles, on one
 *    worker thread and on one per core, read two ways:
 *    - cold: a new engine's first Sweep.run, which starts its pool (threads load tsx, the engine
 *      and the strategy module): what a one-off sweep costs end to end;
 *    - steady: Sweep.run on a pool already warm (a sweep reuses its pool; the warm-up is a small
 *      sweep first): runs/s with 1 worker and with all cores, which the goal (≥ 1.8× on 2 cores)
 *      is judged on.
 *    One thread and every core take turns, ROUNDS times each (the machine is shared); each reading
 *    prints its best and median round, CPU-seconds per run (every thread of the process: workers,
 *    the GC's helper threads, the main thread) and the load average. Every sweep must rank the
 *    same runs with the same fingerprints, or the bench exits with status 1.
 * 2. Backtrader's workload: 100 files × 20,000 synthetic 15-minute candles and a strategy that
 *    never trades, on one worker thread and on one per core: candles/s, next to Backtrader's
 *    published figures. The candles are fed to the engine as they are (its frame counts minutes,
 *    and a "1m" strategy is asked at every candle it is given, whatever their spacing).
 */
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createEngine, readCandleFile, type SweepResult } from "tickfold";
import { YEAR_OF_BTC } from "../../examples/src/lib/load-candles.js";
import { FIFTEEN_MINUTES, syntheticCandles } from "./sweep/synthetic-candles.js";

const GOAL_SPEEDUP = 1.8;
const cores = availableParallelism();
const fail = (message: string): never => {
  process.stderr.write(`Sweep bench: ${message}\n`);
  process.exit(1);
};
/**
 * CPU-seconds of the main thread alone (Linux: its /proc task entry, in clock ticks of 1/100 s);
 * NaN elsewhere. Shows how much the main thread (posting tasks, progress events, ranking) takes
 * from the cores the workers need.
 */
const mainThreadCpu = (): number => {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
};
/**
 * Wall time, and the CPU time of the whole process (every thread) and of its main thread: on a
 * machine shared with other work, wall time shows what was got and CPU time per run what the
 * pool costs.
 */
const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number; mainCpuSeconds: number }> => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const main = mainThreadCpu();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, mainCpuSeconds: mainThreadCpu() - main };
};
type Timed<T> = Awaited<ReturnType<typeof timed<T>>>;
const ROUNDS = Number(process.env.SWEEP_BENCH_ROUNDS ?? 3);
const byTime = <T>(rounds: ReadonlyArray<Timed<T>>): Timed<T>[] => [...rounds].sort((a, b) => a.seconds - b.seconds);
const best = <T>(rounds: ReadonlyArray<Timed<T>>): Timed<T> => byTime(rounds)[0]!;
/** The median round (the slower middle one for an even count). */
const median = <T>(rounds: ReadonlyArray<Timed<T>>): Timed<T> => byTime(rounds)[rounds.length >> 1]!;
/**
 * The other work on a shared machine comes and goes, so one thread and every core take turns,
 * ROUNDS times each; every round is kept.
 */
const alternating = async <T>(work: (threads: number) => Promise<T>): Promise<{ single: Timed<T>[]; pooled: Timed<T>[] }> => {
  const single: Timed<T>[] = [];
  const pooled: Timed<T>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    single.push(await timed(() => work(1)));
    pooled.push(await timed(() => work(cores)));
  }
  return { single, pooled };
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(`sweep bench: ${cores} cores, ${ROUNDS} rounds each, load average ${load()} (1, 5, 15 min) at the start`);

// 1. The momentum sweep over the year. The file is read once, before the clock starts: reading it
// is the same serial work for any pool size (Sweep.run also takes a path and reads it itself).
const year = readCandleFile(YEAR_OF_BTC);
const momentum = {
  strategy: fileURLToPath(new URL("../../examples/src/strategies/momentum-sweep.ts", import.meta.url)),
  grid: { lookback: [15, 30, 60, 90, 120, 180, 240, 360], takeProfit: [0.5, 1, 1.5, 2, 2.5, 3, 4, 5] },
  symbols: ["BTCUSDT"],
  candles: { BTCUSDT: year },
  frame: { startDate: "2024-12-01T01:01:00Z", endDate: "2025-11-30T19:54:00Z" },
  metric: "sharpeRatio",
} as const;
const warmUp = { grid: { lookback: [60], takeProfit: [1, 2, 3, 4] }, frame: { startDate: "2025-03-01T00:00:00Z", endDate: "2025-03-07T00:00:00Z" } };
const summary = (result: SweepResult) => result.runs.map((run) => `${run.rank} ${JSON.stringify(run.params)} ${run.fingerprint}`).join("\n");
let reference: string | undefined;
const checked = (result: SweepResult): SweepResult => {
  reference ??= summary(result);
  if (summary(result) !== reference) fail("two sweeps of the same grid (on 1 thread and on all cores, cold or warm) ranked different runs or fingerprints");
  return result;
};

// Cold: each round a new engine, so a new pool; closed after, so the next round starts cold too.
const cold = await alternating(async (threads) => {
  const { Sweep } = createEngine();
  try {
    return checked(await Sweep.run({ ...momentum, threads }));
  } finally {
    await Sweep.close();
  }
});
// Steady: one engine per pool size, warmed by a small sweep; the pools stay up between rounds.
const warmSweeps = new Map<number, ReturnType<typeof createEngine>["Sweep"]>();
for (const threads of [1, cores]) {
  const { Sweep } = createEngine();
  await Sweep.run({ ...momentum, ...warmUp, threads });
  warmSweeps.set(threads, Sweep);
}
const steady = await alternating(async (threads) => checked(await warmSweeps.get(threads)!.run({ ...momentum, threads })));
for (const sweep of warmSweeps.values()) await sweep.close();

const runs = momentum.grid.lookback.length * momentum.grid.takeProfit.length;
const rate = (t: Timed<unknown>) => `${(runs / t.seconds).toFixed(2)} runs/s`;
const cpuPerRun = (t: Timed<unknown>) => `${((t.cpuSeconds / runs) * 1000).toFixed(0)} ms`;
const reading = (name: string, r: { single: Timed<SweepResult>[]; pooled: Timed<SweepResult>[] }) => {
  const speedup = { best: best(r.single).seconds / best(r.pooled).seconds, median: median(r.single).seconds / median(r.pooled).seconds };
  console.log(
    `sweep ${name}: ${runs} runs of the year, 1 thread ${rate(best(r.single))} best / ${rate(median(r.single))} median, ${cores} threads ${rate(best(r.pooled))} best / ${rate(median(r.pooled))} median, speed-up ${speedup.best.toFixed(2)}× best, ${speedup.median.toFixed(2)}× median`,
  );
  console.log(`sweep ${name}: CPU per run (best rounds) 1 thread ${cpuPerRun(best(r.single))}, ${cores} threads ${cpuPerRun(best(r.pooled))}; cores busy ${(best(r.single).cpuSeconds / best(r.single).seconds).toFixed(2)} and ${(best(r.pooled).cpuSeconds / best(r.pooled).seconds).toFixed(2)}, main thread ${best(r.single).mainCpuSeconds.toFixed(2)} and ${best(r.pooled).mainCpuSeconds.toFixed(2)} CPU-s; load average now ${load()}`);
  return speedup;
};
reading("cold (pool start-up included)", cold);
const steadySpeedup = reading("steady (warm pool)", steady);
console.log(`sweep: goal ≥ ${GOAL_SPEEDUP}× on the steady reading's best rounds: ${steadySpeedup.best >= GOAL_SPEEDUP ? "met" : "missed"} (${steadySpeedup.best.toFixed(2)}×)`);
const result = best(steady.single).value;
console.log(`sweep: best ${JSON.stringify(result.best?.params)} sharpeRatio ${result.best?.value?.toFixed(3)} fingerprint ${result.best?.fingerprint}`);

// 2. Backtrader's workload.
const FILES = 100;
const CANDLES = 20_000;
const candles = Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`SYN${String(i).padStart(3, "0")}`, syntheticCandles(CANDLES, 1 + i)]));
const first = candles.SYN000!.timestamp[0]!;
const idle = {
  strategy: fileURLToPath(new URL("./sweep/idle-strategy.ts", import.meta.url)),
  grid: {},
  symbols: Object.keys(candles),
  candles,
  frame: { startDate: first, endDate: first + (CANDLES - 1) * FIFTEEN_MINUTES },
  metric: "totalPnl",
} as const;
// A pool per size, kept up between rounds (alternating sizes on one would restart it every round).
const idleSweeps = new Map([1, cores].map((threads) => [threads, createEngine().Sweep]));
const idleRounds = await alternating((threads) => idleSweeps.get(threads)!.run({ ...idle, threads }));
for (const sweep of idleSweeps.values()) await sweep.close();
const idleSingle = best(idleRounds.single);
const idlePooled = best(idleRounds.pooled);
const total = FILES * CANDLES;
const candleRate = (seconds: number) => `${Math.round(total / seconds / 1000)}k candles/s`;
if (idleSingle.value.runs.some((run) => run.closedSignals !== 0)) fail("the idle strategy traded");
const cpuRate = (cpuSeconds: number) => `${Math.round(total / cpuSeconds / 1000)}k candles per CPU-second`;
console.log(`backtrader workload: CPU 1 thread ${cpuRate(idleSingle.cpuSeconds)}, ${cores} threads ${cpuRate(idlePooled.cpuSeconds)}; load average now ${load()}`);
console.log(`backtrader workload: ${FILES} files × ${CANDLES} 15-minute candles, never trading: 1 thread ${candleRate(idleSingle.seconds)}, ${cores} threads ${candleRate(idlePooled.seconds)} (Backtrader published: ~14.7k candles/s CPython, ~35k PyPy, i7 laptop)`);
