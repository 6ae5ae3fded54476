import { readFileSync } from "node:fs";
import { join } from "node:path";
import { simulatedClock, type LiveStorage } from "@tickfold/core/engine";
import { describe, expect, it } from "vitest";
import { candleFileExchange } from "../candle-file-exchange.js";
import { createEngine, type NodeEngine } from "../create-engine.js";
import { YEAR_FILE } from "../engine.fixture.js";
import { fileLiveStorage } from "./file-storage.js";
import { DAY_START, tempDir } from "./live.fixture.js";

/** Two symbols over the same shipped candles: both instances want a position at the same ticks. */
const exchange = candleFileExchange({ exchangeName: "binance-file", files: { BTCUSDT: YEAR_FILE, BTCMIRROR: YEAR_FILE } });
const SYMBOLS = ["BTCUSDT", "BTCMIRROR"] as const;
const TARGET = { strategyName: "guarded", exchangeName: "binance-file" } as const;
const HOUR = 60 * 60_000;

/** A position on every ask, its stop loss clear of the 0.5 % minimum (so every proposal passes validation and meets the profile). */
const wide = (price: number) => {
  const long = Math.floor(price) % 2 === 0;
  return { position: long ? "long" : "short", priceTakeProfit: long ? price * 1.006 : price * 0.994, priceStopLoss: long ? price * 0.994 : price * 1.006, minuteEstimatedTime: 120 } as const;
};

interface Seen {
  readonly signals: Array<{ symbol: string; action: string; signalId: string }>;
  readonly risks: Array<{ symbol: string; riskName: string; activePositionCount: number; backtest: boolean }>;
}

/** An engine whose live instances of "guarded" share the profile "book" (one position at a time), storing under `dir`. */
const guardedEngine = (dir: string, start: number, end: number, storage?: (files: LiveStorage) => LiveStorage) => {
  const clock = simulatedClock(start, { end });
  const files = fileLiveStorage({ baseDir: dir });
  const engine: NodeEngine = createEngine({ clock, storage: storage === undefined ? files : storage(files) });
  engine.addExchange(exchange);
  engine.addRisk({ riskName: "book", maxConcurrentPositions: 1 });
  engine.addStrategy({ strategyName: "guarded", interval: "15m", riskName: "book", getSignal: (_symbol, _when, price) => wide(price) });
  const seen: Seen = { signals: [], risks: [] };
  engine.listenSignal((event) => {
    const e = event as { symbol: string; action: string; signal: { id: string } };
    seen.signals.push({ symbol: e.symbol, action: e.action, signalId: e.signal.id });
  });
  engine.listenRisk((event) => void seen.risks.push({ symbol: event.symbol, riskName: event.riskName, activePositionCount: event.activePositionCount, backtest: event.backtest }));
  return { engine, clock, seen };
};

/** The most positions open at once over both symbols, in the order their events were delivered (a redelivered open counts once). */
const maxOpenAtOnce = (signals: Seen["signals"], initiallyOpen: ReadonlyArray<string>): number => {
  const open = new Set(initiallyOpen);
  let max = open.size;
  for (const s of signals) {
    if (s.action === "opened") open.add(s.signalId);
    if (s.action === "closed") open.delete(s.signalId);
    max = Math.max(max, open.size);
  }
  return max;
};

describe("Live risk profiles", () => {
  it("share one book across live instances, commit their slots with the position, and restore the book after a restart", async () => {
    const dir = tempDir();
    // First run: the instance that opens first "dies" while its position is open (the
    // acknowledgement of the open never returns, as after a kill); the other trades on.
    let hang = false;
    const first = guardedEngine(dir, DAY_START + 60_000, DAY_START + 4 * HOUR, (files) => ({
      ...files,
      acknowledge: (pair, record) => (hang ? new Promise<void>(() => undefined) : files.acknowledge(pair, record)),
    }));
    const openedOnce = new Promise<void>((resolve) =>
      first.engine.listenSignal((event) => {
        if ((event as { action: string }).action !== "opened") return;
        hang = true;
        resolve();
      }),
    );
    for (const symbol of SYMBOLS) first.engine.Live.background(symbol, TARGET);
    // Both: one simulated clock moves whenever any instance waits on it, so the other instance may
    // reach the end while the first one's open is still being committed in real time.
    await Promise.all([first.clock.ended, openedOnce]);

    const opened = first.seen.signals.filter((s) => s.action === "opened");
    expect(opened).toHaveLength(1);
    const holder = opened[0]!.symbol;
    const other = SYMBOLS.find((s) => s !== holder)!;
    // The other instance asked again and again, and the profile refused it every time: the slot is taken.
    const refusedBefore = first.seen.risks.filter((r) => r.symbol === other);
    expect(refusedBefore.length).toBeGreaterThan(10);
    expect(refusedBefore.every((r) => r.riskName === "book" && r.activePositionCount === 1 && !r.backtest)).toBe(true);
    expect(first.seen.risks.filter((r) => r.symbol === holder)).toEqual([]);
    // The slot was committed with the open: it is in the profile's file.
    const positions = JSON.parse(readFileSync(join(dir, "risk", "book", "positions.json"), "utf8")) as Array<[string, { signalId: string }]>;
    expect(positions).toEqual([[`guarded:${holder}`, expect.objectContaining({ signalId: opened[0]!.signalId })]]);

    // Restart: a new engine on the same directory. The other instance starts alone first: the
    // book it loads from storage holds the dead instance's slot, so it is refused.
    // Its clock runs far enough for the other instance never to reach the end first: the test waits for the events instead.
    const second = guardedEngine(dir, DAY_START + 4 * HOUR + 60_000, DAY_START + 24 * HOUR);
    const refusedAlone = new Promise<void>((resolve) => second.engine.listenRisk(() => resolve()));
    const alone = (async () => {
      for await (const _ of second.engine.Live.run(other, TARGET));
    })();
    await refusedAlone;
    expect(second.seen.risks[0]).toMatchObject({ symbol: other, riskName: "book", activePositionCount: 1 });
    expect(second.seen.signals.filter((s) => s.symbol === other)).toEqual([]);
    // Stopped while the restored instance starts: one simulated clock moves whenever any instance
    // waits on it, so left running, the other would tick through the whole day while the restored
    // one recovers from disk in real time.
    second.engine.Live.stop(other, "guarded");
    await alone;
    // Then the restored instance: it watches its position until it closes, and is stopped then
    // (else it may take the slot again first); the other, started again, opens once that slot is free.
    const heldClosed = new Promise<void>((resolve) =>
      second.engine.listenSignal((event) => {
        const e = event as { action: string; signal: { id: string } };
        if (e.action === "closed" && e.signal.id === opened[0]!.signalId) resolve();
      }),
    );
    const restored = (async () => {
      for await (const _ of second.engine.Live.run(holder, TARGET));
    })();
    await heldClosed;
    second.engine.Live.stop(holder, "guarded");
    await restored;
    const otherOpened = new Promise<void>((resolve) =>
      second.engine.listenSignal((event) => {
        const e = event as { action: string; symbol: string };
        if (e.action === "opened" && e.symbol === other) resolve();
      }),
    );
    second.engine.Live.background(other, TARGET);
    await otherOpened;
    second.engine.Live.stop(other, "guarded");

    const after = second.seen.signals;
    const closeOfHeld = after.findIndex((s) => s.symbol === holder && s.action === "closed" && s.signalId === opened[0]!.signalId);
    expect(closeOfHeld).toBeGreaterThanOrEqual(0);
    const firstOpenOfOther = after.findIndex((s) => s.symbol === other && s.action === "opened");
    expect(firstOpenOfOther).toBeGreaterThan(closeOfHeld);
    // The limit held across both runs: never two positions at once (the restored one counts).
    expect(maxOpenAtOnce(first.seen.signals, [])).toBe(1);
    expect(maxOpenAtOnce(after, [opened[0]!.signalId])).toBe(1);
  });

  it("are refused by Live.run when the storage keeps no risk books, by name", async () => {
    const { readRiskBook: _dropped, ...withoutBooks } = fileLiveStorage({ baseDir: tempDir() });
    const { engine } = guardedEngine(tempDir(), DAY_START, DAY_START + HOUR, () => withoutBooks);
    await expect(engine.Live.run("BTCUSDT", TARGET).next()).rejects.toThrow(/riskName = "book".*needs a storage that keeps live risk books \(its LiveStorage has no readRiskBook\)/);
  });
});
