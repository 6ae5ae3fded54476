import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LiveStorage } from "@tickfold/core/engine";
import { afterAll, describe, expect, it } from "vitest";
import { closeLiveBackends, DAY_START, LIVE_BACKENDS, LIVE_TARGET, liveEngine, tempDir, type DeliveredEvent } from "./live.fixture.js";

afterAll(closeLiveBackends);

/** The uncrashed day, for comparison (run once per file). */
let reference: Promise<DeliveredEvent[]> | undefined;
const uncrashed = (): Promise<DeliveredEvent[]> =>
  (reference ??= (async () => {
    const { engine, clock, delivered } = liveEngine(tempDir());
    engine.Live.background("BTCUSDT", LIVE_TARGET);
    await clock.ended;
    return delivered;
  })());

const ids = (events: ReadonlyArray<DeliveredEvent>): string[] => events.map((e) => e.id);

describe("Live: commit, deliver, acknowledge", () => {
  it("commits each step (journal first) before any of its events is delivered, and acknowledges after", async () => {
    const log: string[] = [];
    const dir = tempDir();
    let journaledFirst = 0;
    const { engine, clock } = liveEngine(dir, {
      storage: (files): LiveStorage => ({
        ...files,
        commit: async (effect, meta, journal) => {
          const record = await files.commit(effect, meta, journal);
          // The tick this step came from is in the journal file by the time the commit is durable.
          const journaled = readFileSync(join(dir, "journal", "BTCUSDT_swing.jsonl"), "utf8");
          if (journaled.includes(`{"type":"input","input":{"kind":"tick","time":${meta.cursor},`)) journaledFirst += 1;
          log.push(`commit ${effect.events.map((e) => e.event.id).join(",")}`);
          return record;
        },
        acknowledge: async (pair, record) => {
          await files.acknowledge(pair, record);
          log.push(`ack ${record.seq}`);
        },
      }),
    });
    engine.listenSignal((event) => void log.push(`deliver ${(event as { id: string }).id}`));
    engine.Live.background("BTCUSDT", LIVE_TARGET);
    await clock.ended;
    const delivers = log.filter((line) => line.startsWith("deliver"));
    expect(delivers.length).toBeGreaterThan(20);
    expect(journaledFirst).toBe(log.filter((line) => line.startsWith("commit")).length);
    for (const [i, line] of log.entries()) {
      if (!line.startsWith("deliver")) continue;
      const id = line.slice("deliver ".length);
      const committedAt = log.findIndex((l) => l.startsWith("commit") && l.slice(7).split(",").includes(id));
      expect(committedAt, `${id} committed before delivery`).toBeGreaterThanOrEqual(0);
      expect(committedAt).toBeLessThan(i);
      // The record is acknowledged only after this delivery.
      const ackAfter = log.findIndex((l, j) => j > committedAt && l.startsWith("ack"));
      expect(ackAfter).toBeGreaterThan(i);
    }
  });

  it("stops loudly on exit when a commit fails, delivering nothing of that step and trading no further", async () => {
    let commits = 0;
    const committed: string[] = [];
    const { engine, delivered } = liveEngine(tempDir(), {
      storage: (files): LiveStorage => ({
        ...files,
        commit: async (effect, meta, journal) => {
          commits += 1;
          if (commits === 3) throw new Error("disk full (injected)");
          const record = await files.commit(effect, meta, journal);
          committed.push(...effect.events.map((e) => e.event.id));
          return record;
        },
      }),
    });
    const exits: string[] = [];
    engine.listenExit((event) => void exits.push(event.message));
    const results: unknown[] = [];
    await expect(
      (async () => {
        for await (const result of engine.Live.run("BTCUSDT", LIVE_TARGET)) results.push(result);
      })(),
    ).rejects.toThrow(/commit of .* failed: disk full \(injected\)/);
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatch(/^Live swing on BTCUSDT stopped: the commit of .* failed: disk full/);
    expect(commits).toBe(3);
    // Exactly the events of the two commits that succeeded were delivered, in the uncrashed run's order.
    expect(committed.length).toBeGreaterThan(0);
    expect(ids(delivered)).toEqual(committed);
    expect(committed).toEqual(ids(await uncrashed()).slice(0, committed.length));
  });
});

describe.each(LIVE_BACKENDS)("Live: restart, state in $name", (backend) => {
  it("restores the open position and its milestones, redelivers undelivered events with their ids, emits what happened while down once, in order", async () => {
    const dir = tempDir();
    // First run: it "dies" right after committing the second milestone of the first position: the
    // acknowledgement never returns, so the record stays in the outbox, as after a kill.
    let hang = false;
    const first = liveEngine(dir, {
      backend,
      storage: (files): LiveStorage => ({
        ...files,
        acknowledge: (pair, record) => (hang ? new Promise<void>(() => undefined) : files.acknowledge(pair, record)),
      }),
    });
    let milestonesSeen = 0;
    let stall: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (stall = resolve));
    // Set while the second milestone is delivered, before its record is acknowledged: that
    // acknowledgement is the one that never returns (a poll could let the engine run on a step).
    const onMilestone = (): void => {
      milestonesSeen += 1;
      if (milestonesSeen === 2) {
        hang = true;
        stall();
      }
    };
    first.engine.listenPartialProfit(onMilestone);
    first.engine.listenPartialLoss(onMilestone);
    first.engine.Live.background("BTCUSDT", LIVE_TARGET);
    await stalled;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const beforeCrash = [...first.delivered];
    // Nothing of the first process writes again (on Redis its lease runs out; the restart waits for that).
    await backend.crash(first.storage);
    expect(beforeCrash.some((e) => e.topic === "signal" && (e.payload as { action: string }).action === "opened")).toBe(true);

    const restored: string[] = [];
    // It comes back twelve hours later: what happened while it was down is caught up candle by candle.
    const second = liveEngine(dir, { backend, start: DAY_START + 12 * 60 * 60_000, callbacks: { onActive: (_symbol, signal) => void restored.push(`active ${signal.id}`), onSchedule: (_s, signal) => void restored.push(`schedule ${signal.id}`) } });
    second.engine.Live.background("BTCUSDT", LIVE_TARGET);
    await second.clock.ended;

    const all = await uncrashed();
    const received = [...beforeCrash, ...second.delivered];
    const seen = new Map<string, DeliveredEvent>();
    const redelivered: string[] = [];
    for (const event of received) {
      const earlier = seen.get(event.id);
      if (earlier !== undefined) {
        redelivered.push(event.id);
        expect(event.payload).toEqual(earlier.payload);
      } else seen.set(event.id, event);
    }
    // Nothing lost, nothing under a new id, nothing twice but the undelivered record's events.
    for (const topic of ["signal", "partialProfit", "partialLoss"]) {
      expect([...seen.values()].filter((e) => e.topic === topic).map((e) => e.id)).toEqual(all.filter((e) => e.topic === topic).map((e) => e.id));
    }
    expect(redelivered.length).toBeGreaterThan(0);
    const openSignal = (beforeCrash.find((e) => (e.payload as { action?: string }).action === "opened")!.payload as { signal: { id: string } }).signal.id;
    expect(restored).toEqual([`active ${openSignal}`]);
    // Milestones reached before the crash are not emitted again except as redeliveries of the record.
    const milestoneIds = beforeCrash.filter((e) => e.topic !== "signal").map((e) => e.id);
    const again = second.delivered.filter((e) => milestoneIds.includes(e.id)).map((e) => e.id);
    expect(again.every((id) => redelivered.includes(id))).toBe(true);
  });
});

describe("Live: the venue", () => {
  const refuses = async (venue: () => unknown, setUp?: (dir: string) => Promise<void>) => {
    const dir = tempDir();
    await setUp?.(dir);
    const { engine, delivered } = liveEngine(dir, { exchange: { getOpenPositions: venue as never } });
    const exits: string[] = [];
    engine.listenExit((event) => void exits.push(event.message));
    const run = (async () => {
      for await (const _ of engine.Live.run("BTCUSDT", LIVE_TARGET)) {
        // nothing may come
      }
    })();
    await expect(run).rejects.toThrow();
    expect(delivered).toEqual([]);
    return exits;
  };

  /** Runs until the first position is open, then leaves it (the acknowledgement hangs, as after a kill). */
  const openPosition = async (dir: string): Promise<void> => {
    const { engine } = liveEngine(dir);
    await new Promise<void>((resolve) => {
      engine.listenSignal((event) => {
        if ((event as { action: string }).action === "opened") resolve();
      });
      engine.Live.background("BTCUSDT", LIVE_TARGET);
    });
    engine.Live.stop("BTCUSDT", "swing");
    await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it("refuses to trade when the venue reports a position storage does not hold, naming both sides", async () => {
    const exits = await refuses(() => [{ position: "short" }]);
    expect(exits).toEqual([expect.stringMatching(/the venue reports a short position on BTCUSDT \(binance-file\), storage holds no open position/)]);
  });

  it("refuses when storage holds an open position the venue does not report", async () => {
    const exits = await refuses(() => [], openPosition);
    expect(exits).toEqual([expect.stringMatching(/the venue reports no open position on BTCUSDT .* storage holds an open (long|short) position \(signal swing:BTCUSDT:\d+\)/)]);
  });

  it("never takes a failed or malformed report for flat", async () => {
    expect(await refuses(() => Promise.reject(new Error("venue timeout")))).toEqual([expect.stringMatching(/could not be read \(venue timeout\).*a missing report is not "flat"/)]);
    expect(await refuses(() => undefined)).toEqual([expect.stringMatching(/returned undefined, not a list/)]);
  });

  it("says so once on exit when run in the background", async () => {
    const { engine } = liveEngine(tempDir(), { exchange: { getOpenPositions: () => [{ position: "long" }] } });
    const exits: string[] = [];
    const first = new Promise<void>((resolve) =>
      engine.listenExit((event) => {
        exits.push(event.message);
        resolve();
      }),
    );
    engine.Live.background("BTCUSDT", LIVE_TARGET);
    await first;
    // A second exit would follow in the same turn (the background's catch): give it that turn.
    await new Promise((resolve) => setImmediate(resolve));
    await engine.bus.drain();
    expect(exits).toEqual([expect.stringMatching(/the venue reports a long position/)]);
  });

  it("trades when the venue agrees", async () => {
    const { engine, clock, delivered } = liveEngine(tempDir(), { exchange: { getOpenPositions: () => [] } });
    engine.Live.background("BTCUSDT", LIVE_TARGET);
    await clock.ended;
    expect(ids(delivered)).toEqual(ids(await uncrashed()));
  });
});

describe("Live.stop", () => {
  it("asks for no more signals, lets the open position close, then ends the run", async () => {
    const { engine } = liveEngine(tempDir());
    const results: Array<{ action: string; signal: { id: string } }> = [];
    for await (const result of engine.Live.run("BTCUSDT", LIVE_TARGET)) {
      results.push(result);
      if (result.action === "opened") engine.Live.stop("BTCUSDT", "swing");
    }
    expect(results.map((r) => r.action)).toEqual(["opened", "closed"]);
    expect(results[1]!.signal.id).toBe(results[0]!.signal.id);
  });

  it("refuses a second live run of the same pair while one runs, naming it", async () => {
    const { engine } = liveEngine(tempDir());
    const firstRun = engine.Live.run("BTCUSDT", LIVE_TARGET);
    const first = firstRun.next();
    await first;
    await expect(engine.Live.run("BTCUSDT", LIVE_TARGET).next()).rejects.toThrow(/strategyName = "swing".*already running live on BTCUSDT/);
    await firstRun.return(undefined);
  });
});

describe("Live.run refuses", () => {
  it("an engine without storage", async () => {
    const { createEngine: createCoreEngine, simulatedClock } = await import("@tickfold/core/engine");
    const engine = createCoreEngine({ events: { emit: () => undefined, drain: async () => undefined }, clock: simulatedClock(0) });
    await expect(engine.Live.run("BTCUSDT", LIVE_TARGET).next()).rejects.toThrow(/storage = undefined: must be given to createEngine for live runs/);
  });
});
