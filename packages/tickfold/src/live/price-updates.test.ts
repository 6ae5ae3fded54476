import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emittedEvents, fingerprintReplay, parseJournal, replayJournal } from "@tickfold/core";
import { simulatedClock, type ExchangeSchema, type LiveStorage } from "@tickfold/core/engine";
import { describe, expect, it } from "vitest";
import { createEngine } from "../create-engine.js";
import { TICK_FILE } from "../engine.fixture.js";
import { readTickFile, tickFileExchange } from "../tick-file-exchange.js";
import { fileLiveStorage } from "./file-storage.js";
import { tempDir } from "./live.fixture.js";

const MINUTE = 60_000;
const OPEN_AT = Date.parse("2024-08-09T00:00:00Z");
const START = Date.parse("2024-08-08T23:59:00Z");
const END = Date.parse("2024-08-09T00:05:00Z");
const TARGET = { strategyName: "dip", exchangeName: "ticks" } as const;
const ticks = readTickFile(TICK_FILE);
const withUpdates = tickFileExchange({ exchangeName: "ticks", files: { BTCUSDT: TICK_FILE } });
/** The same candles without the trades between them. */
const { getPriceUpdates: _trades, ...candlesOnly } = withUpdates;

interface Delivered {
  readonly topic: string;
  readonly id: string;
  readonly payload: Record<string, unknown>;
  /** The clock when it was delivered. */
  readonly at: number;
}

/**
 * A live engine on a simulated clock over the recording: one long at 00:00 with a stop loss 100
 * below the price (a few minutes of BTC move ~0.2 %, so the distances are configured down).
 */
const recordedEngine = (dir: string, exchange: ExchangeSchema, options: { start?: number; storage?: (files: LiveStorage) => LiveStorage } = {}) => {
  const clock = simulatedClock(options.start ?? START, { end: END });
  const files = fileLiveStorage({ baseDir: dir });
  const engine = createEngine({ clock, storage: options.storage === undefined ? files : options.storage(files) });
  engine.setConfig({ percentFee: 0.01, percentSlippage: 0.01, minTakeProfitDistancePercent: 0.1, minStopLossDistancePercent: 0.1 });
  engine.addExchange(exchange);
  engine.addStrategy({
    strategyName: "dip",
    interval: "1m",
    getSignal: (_symbol, when, price) => (when.getTime() === OPEN_AT ? { position: "long", priceTakeProfit: price + 100, priceStopLoss: price - 100, minuteEstimatedTime: 60 } : null),
  });
  const delivered: Delivered[] = [];
  const push = (topic: string) => (event: unknown) => {
    const payload = event as Record<string, unknown>;
    delivered.push({ topic, id: payload.id as string, payload, at: clock.now() });
  };
  engine.listenSignal(push("signal"));
  engine.listenPartialProfit(push("partialProfit"));
  engine.listenPartialLoss(push("partialLoss"));
  return { engine, clock, delivered };
};

const closedOf = (delivered: ReadonlyArray<Delivered>) => delivered.find((e) => e.topic === "signal" && e.payload.action === "closed")!;
const journalOf = (dir: string) => readFileSync(join(dir, "journal", "BTCUSDT_dip.jsonl"));

describe("Live with price updates between candles", () => {
  it("closes at the trade that crosses the stop loss, at its time, before the next candle; candles alone close a minute boundary later", async () => {
    const dir = tempDir();
    const live = recordedEngine(dir, withUpdates);
    live.engine.Live.background("BTCUSDT", TARGET);
    await live.clock.ended;

    const opened = live.delivered.find((e) => e.payload.action === "opened")!;
    const signal = opened.payload.signal as { priceStopLoss: number; pendingAt: number };
    expect(signal.pendingAt).toBe(OPEN_AT);
    // The setup: the opening candle (00:00) stays above the stop; a trade after it goes below.
    const candle = (await withUpdates.getCandles("BTCUSDT", "1m", new Date(OPEN_AT), 1)) as ReadonlyArray<{ low: number }>;
    expect(candle[0]!.low).toBeGreaterThan(signal.priceStopLoss);
    const crossing = Array.from(ticks.timestamp).findIndex((t, i) => t >= OPEN_AT + MINUTE && ticks.price[i]! <= signal.priceStopLoss);
    expect(crossing).toBeGreaterThan(0);
    const tradeTime = ticks.timestamp[crossing]!;
    expect(tradeTime % MINUTE).not.toBe(0);

    const closed = closedOf(live.delivered);
    expect(closed.payload).toMatchObject({ closeReason: "stop_loss", timestamp: tradeTime, currentPrice: signal.priceStopLoss });
    // Delivered within one poll of the trade, before the candle of its minute has closed.
    expect(closed.at).toBeGreaterThanOrEqual(tradeTime);
    expect(closed.at).toBeLessThanOrEqual(tradeTime + 1_000);
    expect(closed.at).toBeLessThan(Math.floor(tradeTime / MINUTE) * MINUTE + MINUTE);
    // Losses reached on the way down after the opening candle came from trades too, each at its own time.
    const milestones = live.delivered.filter((e) => e.topic === "partialLoss" && (e.payload.timestamp as number) > OPEN_AT);
    expect(milestones.length).toBeGreaterThan(0);
    expect(milestones.every((e) => (e.payload.timestamp as number) % MINUTE !== 0)).toBe(true);

    // The journal holds every price update the reducer saw and replays to the events delivered.
    const journal = journalOf(dir);
    const replay = replayJournal(journal);
    for (const topic of ["signal", "partialProfit", "partialLoss"]) {
      const replayed = emittedEvents(replay.effects).filter((e) => e.topic === topic).map((e) => e.event);
      expect(replayed).toEqual(live.delivered.filter((e) => e.topic === topic).map((e) => e.payload));
    }
    expect(parseJournal(journal).some((e) => e.type === "input" && e.input.kind === "tick" && e.input.time === tradeTime)).toBe(true);

    const candles = recordedEngine(tempDir(), candlesOnly);
    candles.engine.Live.background("BTCUSDT", TARGET);
    await candles.clock.ended;
    const byCandle = closedOf(candles.delivered);
    expect(byCandle.payload).toMatchObject({ closeReason: "stop_loss", timestamp: Math.floor(tradeTime / MINUTE) * MINUTE });
    // At the close of the trade's minute, when its candle comes: later than the trade's delivery.
    expect(byCandle.at).toBeGreaterThanOrEqual(Math.floor(tradeTime / MINUTE) * MINUTE + MINUTE);
    expect(byCandle.at).toBeGreaterThan(closed.at);
  });

  it("after a kill right after a commit made by a trade, resumes with the next trade: the same events, and the journal replays to the same fingerprint", async () => {
    const uncrashedDir = tempDir();
    const uncrashed = recordedEngine(uncrashedDir, withUpdates);
    uncrashed.engine.Live.background("BTCUSDT", TARGET);
    await uncrashed.clock.ended;
    const reference = fingerprintReplay(replayJournal(journalOf(uncrashedDir)));

    // It dies while the first milestone a trade reached is delivered: the acknowledgement never returns.
    const dir = tempDir();
    let hang = false;
    const first = recordedEngine(dir, withUpdates, {
      storage: (files) => ({ ...files, acknowledge: (pair, record) => (hang ? new Promise<void>(() => undefined) : files.acknowledge(pair, record)) }),
    });
    const died = new Promise<void>((resolve) =>
      first.engine.listenPartialLoss((event) => {
        if (event.timestamp % MINUTE === 0) return;
        hang = true;
        resolve();
      }),
    );
    first.engine.Live.background("BTCUSDT", TARGET);
    await died;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const beforeCrash = [...first.delivered];
    const milestoneAt = beforeCrash.filter((e) => e.topic === "partialLoss").at(-1)!.payload.timestamp as number;
    expect(milestoneAt % MINUTE).not.toBe(0);
    const meta = JSON.parse(readFileSync(join(dir, "live", "BTCUSDT_dip", "meta.json"), "utf8")) as { cursor: number; updatesFrom: number };
    expect(meta).toMatchObject({ cursor: milestoneAt, updatesFrom: milestoneAt + 1 });

    const second = recordedEngine(dir, withUpdates, { start: first.clock.now() + 10_000 });
    second.engine.Live.background("BTCUSDT", TARGET);
    await second.clock.ended;

    const seen = new Map<string, Delivered>();
    for (const event of [...beforeCrash, ...second.delivered]) if (!seen.has(event.id)) seen.set(event.id, event);
    expect([...seen.keys()]).toEqual(uncrashed.delivered.map((e) => e.id));
    expect([...seen.values()].map((e) => e.payload)).toEqual(uncrashed.delivered.map((e) => e.payload));
    const crashed = journalOf(dir);
    expect(parseJournal(crashed).filter((e) => e.type === "restored")).toHaveLength(2);
    expect(fingerprintReplay(replayJournal(crashed))).toBe(reference);
  });

  it("stops loudly on exit, trading nothing, when the exchange offers an unusable price update, naming it", async () => {
    const broken: ExchangeSchema = { ...withUpdates, getPriceUpdates: (_symbol, from) => [{ timestamp: from, price: Number.NaN }] };
    const live = recordedEngine(tempDir(), broken);
    const exits: string[] = [];
    live.engine.listenExit((event) => void exits.push(event.message));
    await expect(
      (async () => {
        for await (const _ of live.engine.Live.run("BTCUSDT", TARGET)) {
          // nothing may come
        }
      })(),
    ).rejects.toThrow(/price updates could not be used/);
    expect(exits).toEqual([expect.stringMatching(/^Live dip on BTCUSDT stopped: its price updates could not be used: ticks\.getPriceUpdates\("BTCUSDT", \d+, \d+\): update 0 at \d+: price = NaN must be a finite number > 0/)]);
    expect(live.delivered).toEqual([]);
  });
});
