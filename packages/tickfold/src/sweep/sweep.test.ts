import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createEventBus } from "@tickfold/events";
import type { ProgressWalkerEvent } from "@tickfold/core";
import { YEAR_FILE } from "../engine.fixture.js";
import { readCandleFile } from "../candle-file-exchange.js";
import { createSweep } from "./sweep.js";
import { sharedSeries, shareCandles } from "./shared-candles.js";

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const STRATEGY = here("./momentum-strategy.fixture.ts");
const year = readCandleFile(YEAR_FILE);
const options = {
  strategy: STRATEGY,
  grid: { lookback: [30, 60, 120], takeProfit: [1, 2] },
  symbols: ["BTCUSDT", "BTCUSDT-COPY"],
  candles: { BTCUSDT: year, "BTCUSDT-COPY": YEAR_FILE },
  frame: { startDate: "2025-03-01T00:00:00Z", endDate: "2025-03-31T23:59:00Z" },
  metric: "totalPnl",
} as const;

describe("Sweep.run", () => {
  it("ranks the same runs with the same fingerprints on 1 and 2 worker threads, and reports progress", async () => {
    const bus = createEventBus();
    const progress: ProgressWalkerEvent[] = [];
    bus.listenWalkerProgress((event) => void progress.push(event));
    const sweep = createSweep(bus);
    const one = await sweep.run({ ...options, threads: 1 });
    const two = await sweep.run({ ...options, threads: 2 });
    // The second run on the same size reuses the warm pool, and gives the same answer.
    const again = await sweep.run({ ...options, threads: 2 });
    await sweep.close();
    await bus.drain();

    expect(one.runs).toHaveLength(12);
    const summary = (result: typeof one) => result.runs.map((run) => [run.rank, run.symbol, run.params, run.fingerprint, run.value]);
    expect(summary(two)).toEqual(summary(one));
    expect(summary(again)).toEqual(summary(one));
    // Every run is told apart (the symbol is part of each event); the same parameters on the same candles rank alike.
    expect(new Set(one.runs.map((run) => run.fingerprint)).size).toBe(12);
    const valueOf = (symbol: string, params: object) => one.runs.find((run) => run.symbol === symbol && JSON.stringify(run.params) === JSON.stringify(params))!.value;
    for (const run of one.runs) expect(valueOf("BTCUSDT-COPY", run.params)).toBe(valueOf("BTCUSDT", run.params));
    expect(one.runs.every((run) => run.closedSignals > 0)).toBe(true);
    const values = one.runs.map((run) => run.value!);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(one.best).toEqual(one.runs[0]);

    expect(progress).toHaveLength(36);
    expect(progress.slice(0, 12).map((event) => event.processedStrategies)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(progress[11]).toMatchObject({ walkerName: "sweep", totalStrategies: 12, progress: 1 });
  });

  it("lets runs on a pool finish when another size or close() retires it", async () => {
    const sweep = createSweep(createEventBus());
    const small = { ...options, symbols: ["BTCUSDT"], grid: { lookback: [60], takeProfit: [1, 2] } };
    const onOne = sweep.run({ ...small, threads: 1 });
    const onTwo = sweep.run({ ...small, threads: 2 });
    const closed = sweep.close();
    const [one, two] = await Promise.all([onOne, onTwo, closed]);
    expect(two.runs.map((run) => run.fingerprint)).toEqual(one.runs.map((run) => run.fingerprint));
    expect(one.runs).toHaveLength(2);
  });

  it("names the strategy path when a worker cannot import it or it exports no factory", async () => {
    const sweep = createSweep(createEventBus());
    const missing = here("./no-such-strategy.ts");
    await expect(sweep.run({ ...options, strategy: missing, threads: 1 })).rejects.toThrow(`strategy = ${JSON.stringify(missing)} could not be imported in a sweep worker`);
    const noFactory = here("./not-a-factory.fixture.ts");
    await expect(sweep.run({ ...options, strategy: noFactory, threads: 1 })).rejects.toThrow(`strategy = ${JSON.stringify(noFactory)} must export a default function`);
    await sweep.close();
  });

  it("refuses bad options before starting a worker, naming the field and value", async () => {
    const sweep = createSweep(createEventBus());
    await expect(sweep.run({ ...options, metric: "luck" as never })).rejects.toThrow('Sweep: metric = "luck" is not a statistic');
    await expect(sweep.run({ ...options, grid: { lookback: [] } })).rejects.toThrow("Sweep: grid.lookback = [] must be a non-empty list");
    await expect(sweep.run({ ...options, symbols: ["ETHUSDT"] })).rejects.toThrow("Sweep: candles.ETHUSDT");
    await expect(sweep.run({ ...options, threads: 0 })).rejects.toThrow("Sweep: threads = 0 must be a whole number");
  });

  it("shares candles as views on one buffer, equal to the series they came from", () => {
    const shared = shareCandles(year);
    const view = sharedSeries(shared);
    expect(view.timestamp.buffer).toBe(shared.buffer);
    expect(view.close.buffer).toBe(shared.buffer);
    expect(Array.from(view.close.subarray(0, 1000))).toEqual(Array.from(year.close.subarray(0, 1000)));
    expect(view.volume[view.length - 1]).toBe(year.volume[year.length - 1]);
  });
});
