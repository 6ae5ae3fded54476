/**
 * `pnpm bench:live`: two figures of the live runner with its real file storage.
 *
 * 1. Latency from a price update (a closed candle reaching the runner: its tick is journaled) to
 *    the delivery of that tick's events on the bus, on eventful ticks (an open, a close, a
 *    milestone: each commits journal + outbox record + state files + meta before delivering),
 *    p50/p99, against one raw write+fsync+rename+directory-fsync measured in the same run and
 *    directory: the commit's cost in units of the floor of one durable file replacement.
 * 2. A long live run of LIVE_BENCH_TICKS (a million) 1-minute ticks over the shipped year served
 *    twice, with thousands of signals opened and closed; heap measured after a forced GC early
 *    and at the end: closed signals must leave nothing behind.
 *    Its state is in memory (PersistMemory) and its journal on /dev/shm when there is one, so the
 *    run measures the runner, not the disk.
 */
import { existsSync } from "node:fs";
import { mkdtemp, open, rename, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { seriesWindow, type CandleSeries } from "@tickfold/core";
import { simulatedClock, type ExchangeSchema, type LiveStorage } from "@tickfold/core/engine";
import { candleFileExchange, createEngine, fileLiveStorage, PersistMemory } from "tickfold";

const YEAR = fileURLToPath(new URL("../../examples/data/BTCUSDT-1m-backtest_and_deploy.csv.gz", import.meta.url));
const exchange = candleFileExchange({ exchangeName: "recorded", files: { BTCUSDT: YEAR } });
const DAY = Date.parse("2025-03-02T00:00:00Z");

const swing = (_symbol: string, _when: Date, price: number) => {
  const long = Math.floor(price) % 2 === 0;
  return { position: long ? "long" : "short", priceTakeProfit: price * (long ? 1.006 : 0.994), priceStopLoss: price * (long ? 0.995 : 1.005), minuteEstimatedTime: 120 } as const;
};

const quantile = (sorted: ReadonlyArray<number>, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

const rawDurableWrite = async (directory: string, target: string, bytes: Uint8Array): Promise<void> => {
  const file = await open(`${target}.tmp`, "w");
  try {
    await file.write(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(`${target}.tmp`, target);
  const dir = await open(directory, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
};

const latency = async (): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), "bench-live-"));
  const tickSeen = new Map<number, number>();
  const latencies: number[] = [];
  const files = fileLiveStorage({ baseDir: dir });
  // The tick's journal append is the moment the price update reaches the runner.
  const storage: LiveStorage = {
    ...files,
    openJournal: async (pair, params) => {
      const journal = await files.openJournal(pair, params);
      return {
        ...journal,
        append: (entry) => {
          if (entry.type === "input" && entry.input.kind === "tick") tickSeen.set(entry.input.time, performance.now());
          return journal.append(entry);
        },
      };
    },
  };
  const clock = simulatedClock(DAY + 60_000, { end: DAY + 3 * 24 * 60 * 60_000 });
  const engine = createEngine({ clock, storage });
  engine.addExchange(exchange);
  engine.addStrategy({ strategyName: "swing", interval: "15m", getSignal: swing });
  // A tick's events are delivered when its last one is.
  const deliveredAt = new Map<number, number>();
  const delivered = (event: { timestamp: number }): void => void deliveredAt.set(event.timestamp, performance.now());
  engine.listenSignal(delivered as never);
  engine.listenPartialProfit(delivered);
  engine.listenPartialLoss(delivered);
  engine.Live.background("BTCUSDT", { strategyName: "swing", exchangeName: "recorded" });
  await clock.ended;
  for (const [time, at] of deliveredAt) latencies.push(at - tickSeen.get(time)!);

  const raw: number[] = [];
  const bytes = new TextEncoder().encode(JSON.stringify({ bench: "a signal row's worth of bytes", padding: "x".repeat(300) }));
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await rawDurableWrite(dir, join(dir, "raw.json"), bytes);
    raw.push(performance.now() - started);
  }
  await rm(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  const floor = quantile(raw, 0.5);
  console.log(
    `live latency: price update → events delivered on ${latencies.length} eventful ticks p50 ${ms(quantile(latencies, 0.5))} p99 ${ms(quantile(latencies, 0.99))}; ` +
      `raw write+fsync+rename+dir-fsync p50 ${ms(floor)}; p50 = ${(quantile(latencies, 0.5) / floor).toFixed(1)}× the raw write; load average ${loadavg()[0]!.toFixed(2)}`,
  );
};

const heapUsed = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

/** Ticks of the long run (issue #10: a million), over the shipped year of candles served twice. */
const LONG_RUN_TICKS = Number(process.env.LIVE_BENCH_TICKS ?? 1_000_000);

/**
 * The shipped year (525,600 candles) and the same candles again a year later: a million 1-minute
 * ticks need two years. Built once; the exchange serves windows of it, as the file exchange does.
 */
const twoYears = async (): Promise<ExchangeSchema> => {
  const year = await exchange.getCandleSeries!("BTCUSDT", 0, Number.POSITIVE_INFINITY);
  const span = year.timestamp[year.length - 1]! - year.timestamp[0]! + 60_000;
  const column = (values: Float64Array, shift: number): Float64Array => {
    const doubled = new Float64Array(2 * values.length);
    doubled.set(values);
    for (let i = 0; i < values.length; i++) doubled[values.length + i] = values[i]! + shift;
    return doubled;
  };
  const series: CandleSeries = {
    length: 2 * year.length,
    timestamp: column(year.timestamp, span),
    open: column(year.open, 0),
    high: column(year.high, 0),
    low: column(year.low, 0),
    close: column(year.close, 0),
    volume: column(year.volume, 0),
  };
  return {
    exchangeName: "recorded-twice",
    getCandleSeries: (_symbol, from, to) => seriesWindow(series, from, to),
    getCandles: () => {
      throw new Error("recorded-twice serves candle series only");
    },
  };
};

const longRun = async (): Promise<void> => {
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = await mkdtemp(join(base, "bench-live-long-"));
  const twice = await twoYears();
  const first = (await twice.getCandleSeries!("BTCUSDT", 0, Number.POSITIVE_INFINITY)).timestamp[0]! + 2 * 60 * 60_000;
  const last = first + (LONG_RUN_TICKS - 1) * 60_000;
  const clock = simulatedClock(first);
  // State in memory (PersistMemory) and the journal on tmpfs: the run measures the runner, not the disk.
  const engine = createEngine({ clock, storage: fileLiveStorage({ baseDir: dir, backend: PersistMemory }) });
  engine.setConfig({ historyMinutes: 60 });
  engine.addExchange(twice);
  // Asked every hour, a short position (30 minutes at most) every second one: thousands of signals
  // opened and closed, and most ticks quiet ones. Past the last tick the run is stopped (asked
  // while idle: it ends on that tick).
  let stoppedAt = Number.NaN;
  engine.addStrategy({
    strategyName: "swing",
    interval: "1h",
    getSignal: (symbol, when, price) => {
      if (when.getTime() >= last) {
        if (Number.isNaN(stoppedAt)) stoppedAt = when.getTime();
        engine.Live.stop("BTCUSDT", "swing");
        return null;
      }
      return when.getUTCHours() % 2 === 0 ? { ...swing(symbol, when, price), minuteEstimatedTime: 30 } : null;
    },
  });
  let opened = 0;
  let closed = 0;
  let heapAfterFirst = 0;
  const started = performance.now();
  for await (const result of engine.Live.run("BTCUSDT", { strategyName: "swing", exchangeName: "recorded-twice" })) {
    if (result.action === "opened") opened += 1;
    if (result.action === "closed") {
      closed += 1;
      if (closed === 200) heapAfterFirst = heapUsed();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const ticks = Math.round((stoppedAt - first) / 60_000) + 1;
  const heapEnd = heapUsed();
  await rm(dir, { recursive: true, force: true });
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  console.log(
    `live long run: ${ticks} ticks in ${seconds.toFixed(1)} s (${Math.round(ticks / seconds)} ticks/s), ${opened} signals opened, ${closed} closed; ` +
      `heap after 200 closed ${mb(heapAfterFirst)}, after ${closed} closed ${mb(heapEnd)}${(globalThis as { gc?: unknown }).gc === undefined ? " (no --expose-gc: heap figures include garbage)" : ""}; load average ${loadavg()[0]!.toFixed(2)}`,
  );
};

await latency();
await longRun();
