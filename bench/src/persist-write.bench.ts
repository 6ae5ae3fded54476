/**
 * `pnpm bench:persist [--json] [--writes N]`: the latency of one durable write through
 * @tickfold/persist against the floor, a hand-written loop doing only the unavoidable syscalls:
 * write a temp file, fsync it, rename it over the target, fsync the directory.
 *
 * Both write the same signal row into the same directory in the same run, alternating one store
 * write and one raw write (and which goes first) so that a noisy neighbour slows both alike.
 * The store's write also validates the row with its zod schema and serialises writes per key;
 * its data path is write-file-atomic, which adds realpath, stat, chown and chmod calls.
 */
import { mkdtemp, open, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SignalRow } from "@tickfold/core";
import { PersistSignalUtils } from "@tickfold/persist";

const args = process.argv.slice(2);
const json = args.includes("--json");
const writesArg = args[args.indexOf("--writes") + 1];
const WRITES = args.includes("--writes") && writesArg !== undefined ? Number(writesArg) : 500;
const WARMUP = 20;

const ROW: SignalRow = {
  id: "bench-signal-1",
  symbol: "BENCHUSDT",
  strategyName: "bench",
  exchangeName: "binance",
  position: "long",
  priceOpen: 42_000,
  priceTakeProfit: 43_000,
  priceStopLoss: 41_500,
  minuteEstimatedTime: 240,
  scheduledAt: 1_700_000_000_000,
  pendingAt: 1_700_000_000_000,
  note: "benchmark",
};

/** The floor: what any crash-safe replacement of a file must do. */
const rawDurableWrite = async (directory: string, target: string, bytes: Uint8Array): Promise<void> => {
  const temp = `${target}.tmp`;
  const file = await open(temp, "w");
  try {
    await file.write(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, target);
  const dir = await open(directory, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
};

const elapsedMs = async (task: () => Promise<void>): Promise<number> => {
  const start = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

/** Nearest-rank percentile of a sorted sample. */
const percentile = (sorted: ReadonlyArray<number>, p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
};

const main = async (): Promise<void> => {
  const baseDir = await mkdtemp(join(tmpdir(), "tickfold-bench-persist-"));
  try {
    const signals = new PersistSignalUtils({ baseDir });
    const store = signals.storeFor(ROW.symbol, ROW.strategyName);
    await store.waitForInit();
    // The raw loop writes next to the store's file: same directory, same file system.
    const directory = join(baseDir, "signal", `${ROW.symbol}_${ROW.strategyName}`);
    const rawTarget = join(directory, "raw-loop.bench");
    const bytes = new TextEncoder().encode(JSON.stringify(ROW));

    const storeWrite = (): Promise<void> => signals.writeSignalData(ROW, ROW.symbol, ROW.strategyName);
    const rawWrite = (): Promise<void> => rawDurableWrite(directory, rawTarget, bytes);

    for (let i = 0; i < WARMUP; i += 1) {
      await storeWrite();
      await rawWrite();
    }
    const storeSamples: number[] = [];
    const rawSamples: number[] = [];
    for (let i = 0; i < WRITES; i += 1) {
      if (i % 2 === 0) {
        storeSamples.push(await elapsedMs(storeWrite));
        rawSamples.push(await elapsedMs(rawWrite));
      } else {
        rawSamples.push(await elapsedMs(rawWrite));
        storeSamples.push(await elapsedMs(storeWrite));
      }
    }

    const persist = summary(storeSamples);
    const raw = summary(rawSamples);
    const result = {
      writes: WRITES,
      directory: tmpdir(),
      persistMs: persist,
      rawMs: raw,
      ratioP50: persist.p50 / raw.p50,
      ratioP99: persist.p99 / raw.p99,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const ms = (value: number): string => `${value.toFixed(3)} ms`;
    process.stdout.write(
      [
        `Durable write latency, ${WRITES} writes each, interleaved, under ${tmpdir()}`,
        `  @tickfold/persist writeSignalData  p50 ${ms(persist.p50)}  p99 ${ms(persist.p99)}  mean ${ms(persist.mean)}`,
        `  raw write+fsync+rename+dir-fsync   p50 ${ms(raw.p50)}  p99 ${ms(raw.p99)}  mean ${ms(raw.mean)}`,
        `  ratio persist/raw                  p50 ${result.ratioP50.toFixed(2)}×  p99 ${result.ratioP99.toFixed(2)}×`,
        "",
      ].join("\n"),
    );
  } finally {
    await rm(baseDir, { recursive: true, force: true });
  }
};

await main();
