/**
 * `pnpm bench:sweep`: parameter sweeps on worker threads, in one process.
 * 1. 64 parameter sets of the momentum strategy over the shipped year of 1-minute candles, on one
 *    worker thread and on one per core: runs/s each, and the speed-up (goal ≥ 1.8× on 2 cores).
 *    Both must rank the same runs with the same fingerprints, or the bench exits with status 1.
 *    Each timing includes starting the pool's threads (each loads tsx and the engine). One thread
 *    and every core take turns, twice, and each keeps its fastest round (the machine is shared).
 * 2. Backtrader's workload: 100 files × 20,000 synthetic 15-minute candles and a strategy that
 *    never trades, on one worker thread and on one per core: candles/s, next to Backtrader's
 *    published figures. The candles are fed to the engine as they are (its frame counts minutes,
 *    and a "1m" strategy is asked at every candle it is given, whatever their spacing).
 */
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { readCandleFile, Sweep, type SweepResult } from "tickfold";
import { YEAR_OF_BTC } from "../../examples/src/lib/load-candles.js";
import { FIFTEEN_MINUTES, syntheticCandles } from "./sweep/synthetic-candles.js";

const GOAL_SPEEDUP = 1.8;
const cores = availableParallelism();
const fail = (message: string): never => {
  process.stderr.write(`Sweep bench: ${message}\n`);
  process.exit(1);
};
/**
 * Wall time, and the CPU time of the whole process (every thread): on a machine shared with other
 * work, wall time shows what was got and CPU time per run what the pool costs.
 */
const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
};
type Timed<T> = Awaited<ReturnType<typeof timed<T>>>;
const ROUNDS = 2;
/**
 * The other work on a shared machine comes and goes, so one thread and every core take turns,
 * ROUNDS times each, and each keeps its fastest round.
 */
const alternating = async <T>(work: (threads: number) => Promise<T>): Promise<{ single: Timed<T>; pooled: Timed<T> }> => {
  let single: Timed<T> | undefined;
  let pooled: Timed<T> | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const one = await timed(() => work(1));
    const all = await timed(() => work(cores));
    if (single === undefined || one.seconds < single.seconds) single = one;
    if (pooled === undefined || all.seconds < pooled.seconds) pooled = all;
  }
  return { single: single!, pooled: pooled! };
};
const load = () => loadavg()[0]!.toFixed(2);
console.log(`sweep bench: ${cores} cores, load average ${load()} at the start`);

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
const summary = (result: SweepResult) => result.runs.map((run) => `${run.rank} ${JSON.stringify(run.params)} ${run.fingerprint}`).join("\n");
// What every timing below pays before its first run: threads started, tsx and the engine loaded.
const startup = await timed(() => Sweep.run({ ...momentum, grid: { lookback: [60], takeProfit: [1] }, frame: { startDate: "2025-03-01T00:00:00Z", endDate: "2025-03-01T01:00:00Z" }, threads: cores }));
console.log(`sweep: pool start-up and one 1-hour run on ${cores} threads ${startup.seconds.toFixed(2)} s wall, ${startup.cpuSeconds.toFixed(2)} CPU-s`);
const { single, pooled } = await alternating((threads) => Sweep.run({ ...momentum, threads }));
if (summary(single.value) !== summary(pooled.value)) fail("the sweep on 1 thread and on all cores ranked different runs or fingerprints");
const runs = single.value.runs.length;
const speedup = single.seconds / pooled.seconds;
console.log(`sweep: ${runs} runs of the year, 1 thread ${(runs / single.seconds).toFixed(2)} runs/s, ${cores} threads ${(runs / pooled.seconds).toFixed(2)} runs/s, speed-up ${speedup.toFixed(2)}× (goal ≥ ${GOAL_SPEEDUP}×: ${speedup >= GOAL_SPEEDUP ? "met" : "missed"})`);
console.log(`sweep: CPU per run 1 thread ${((single.cpuSeconds / runs) * 1000).toFixed(0)} ms, ${cores} threads ${((pooled.cpuSeconds / runs) * 1000).toFixed(0)} ms; load average now ${load()}`);
console.log(`sweep: best ${JSON.stringify(single.value.best?.params)} sharpeRatio ${single.value.best?.value?.toFixed(3)} fingerprint ${single.value.best?.fingerprint}`);

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
const { single: idleSingle, pooled: idlePooled } = await alternating((threads) => Sweep.run({ ...idle, threads }));
const total = FILES * CANDLES;
const rate = (seconds: number) => `${Math.round(total / seconds / 1000)}k candles/s`;
if (idleSingle.value.runs.some((run) => run.closedSignals !== 0)) fail("the idle strategy traded");
const cpuRate = (cpuSeconds: number) => `${Math.round(total / cpuSeconds / 1000)}k candles per CPU-second`;
console.log(`backtrader workload: CPU 1 thread ${cpuRate(idleSingle.cpuSeconds)}, ${cores} threads ${cpuRate(idlePooled.cpuSeconds)}; load average now ${load()}`);
console.log(`backtrader workload: ${FILES} files × ${CANDLES} 15-minute candles, never trading: 1 thread ${rate(idleSingle.seconds)}, ${cores} threads ${rate(idlePooled.seconds)} (Backtrader published: ~14.7k candles/s CPython, ~35k PyPy, i7 laptop)`);
