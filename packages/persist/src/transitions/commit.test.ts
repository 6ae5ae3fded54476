import { describe, expect, it } from "vitest";
import { BTC, ETH, event, opened, row } from "../live-state.fixture.js";
import { createPersistence, type Persistence } from "../persistence.js";
import { SimulatedDisk } from "../testing/simulated-disk.js";

const persistenceOn = (disk: SimulatedDisk): Persistence =>
  createPersistence({ baseDir: "/data", fs: disk, onCorrupt: () => undefined });

/** The files a run of `action` renamed into place, in order: each one is a completed atomic write. */
const writtenFiles = async (disk: SimulatedDisk, action: () => Promise<unknown>): Promise<string[]> => {
  const from = disk.calls.length;
  await action();
  return disk.calls.slice(from).filter((call) => call.op === "rename").map((call) => call.path.replace("/data/", ""));
};

describe("commit: the outbox record first, then the state files in the planned order", () => {
  const scheduled = row(BTC, "s1");

  it("schedule: record, then the schedule file", async () => {
    const disk = new SimulatedDisk();
    const persistence = persistenceOn(disk);
    expect(await writtenFiles(disk, () => persistence.commit(BTC, { kind: "schedule", row: scheduled }, [event("s1:scheduled")]))).toEqual([
      "outbox/BTCUSDT_trend/1.json",
      "schedule/BTCUSDT_trend/BTCUSDT.json",
    ]);
  });

  it("activate: record, signal (the new truth), both risk slots, and only then the schedule is erased", async () => {
    const disk = new SimulatedDisk();
    const persistence = persistenceOn(disk);
    await persistence.commit(BTC, { kind: "schedule", row: scheduled });
    const files = await writtenFiles(disk, () =>
      persistence.commit(BTC, { kind: "activate", row: opened(scheduled), riskNames: [...BTC.riskNames] }, [event("s1:opened")]),
    );
    expect(files).toEqual([
      "outbox/BTCUSDT_trend/2.json",
      "signal/BTCUSDT_trend/BTCUSDT.json",
      "risk/portfolio/positions.json",
      "risk/btc-desk/positions.json",
      "schedule/BTCUSDT_trend/BTCUSDT.json",
    ]);
    expect(await persistence.schedule.readScheduleData("BTCUSDT", "trend")).toBeNull();
    expect(await persistence.signal.readSignalData("BTCUSDT", "trend")).toEqual(opened(scheduled));
    expect(await persistence.risk.readPositionData("portfolio")).toEqual([
      ["trend:BTCUSDT", { signalId: "s1", symbol: "BTCUSDT", strategyName: "trend", exchangeName: "binance", position: "long", priceOpen: 100, openedAt: 1_700_000_060_000 }],
    ]);
  });

  it("close: record, signal := null first, then the milestones and the slots", async () => {
    const disk = new SimulatedDisk();
    const persistence = persistenceOn(disk);
    const open = opened(scheduled);
    await persistence.commit(BTC, { kind: "open", row: open, riskNames: [...BTC.riskNames] });
    await persistence.commit(BTC, { kind: "milestone", signalId: "s1", levels: { profitLevels: [20, 10], lossLevels: [] } });
    expect(await persistence.partial.readPartialData("BTCUSDT", "trend")).toEqual({ s1: { profitLevels: [10, 20], lossLevels: [] } });
    const files = await writtenFiles(disk, () => persistence.commit(BTC, { kind: "close", row: open, riskNames: [...BTC.riskNames] }, [event("s1:closed")]));
    expect(files).toEqual([
      "outbox/BTCUSDT_trend/3.json",
      "signal/BTCUSDT_trend/BTCUSDT.json",
      "partial/BTCUSDT_trend/levels.json",
      "risk/portfolio/positions.json",
      "risk/btc-desk/positions.json",
    ]);
    expect(await persistence.partial.readPartialData("BTCUSDT", "trend")).toEqual({});
    expect(await persistence.risk.readPositionData("portfolio")).toEqual([]);
  });

  it("refuses an invalid change before writing anything, naming the field and the value", async () => {
    const disk = new SimulatedDisk();
    const persistence = persistenceOn(disk);
    const bad = row(BTC, "s2", { priceOpen: -3 });
    await expect(persistence.commit(BTC, { kind: "schedule", row: bad })).rejects.toThrow(/changes\.0\.row\.priceOpen = -3/);
    await expect(persistence.commit(BTC, { kind: "schedule", row: row(ETH, "s3") })).rejects.toThrow(/changes\.0\.row\.symbol = "ETHUSDT"/);
    expect(disk.calls.filter((call) => ["open", "write", "rename", "unlink"].includes(call.op))).toEqual([]);
  });

  it("keeps both pairs' slots when two pairs sharing a risk profile commit at the same time", async () => {
    const persistence = persistenceOn(new SimulatedDisk());
    await Promise.all([
      persistence.commit(BTC, { kind: "open", row: opened(row(BTC, "b1")), riskNames: ["portfolio"] }),
      persistence.commit(ETH, { kind: "open", row: opened(row(ETH, "e1")), riskNames: ["portfolio"] }),
    ]);
    expect((await persistence.risk.readPositionData("portfolio")).map(([key]) => key)).toEqual(["trend:BTCUSDT", "trend:ETHUSDT"]);
  });
});

describe("the outbox protocol", () => {
  it("delivers a change's events in order, then removes its record", async () => {
    const disk = new SimulatedDisk();
    const persistence = persistenceOn(disk);
    const delivered: string[] = [];
    await persistence.commitAndDeliver(BTC, { kind: "schedule", row: row(BTC, "s1") }, [event("a"), event("b")], (e) => void delivered.push(e.id));
    expect(delivered).toEqual(["a", "b"]);
    expect(disk.files().filter((path) => path.includes("/outbox/"))).toEqual([]);
  });

  it("removes records oldest first: an early acknowledgement of a newer record waits for the older one", async () => {
    const disk = new SimulatedDisk();
    const persistence = persistenceOn(disk);
    const first = await persistence.commit(BTC, { kind: "schedule", row: row(BTC, "s1") }, [event("1")]);
    const second = await persistence.commit(BTC, { kind: "cancel", row: row(BTC, "s1") }, [event("2")]);
    const outbox = (): string[] => disk.files().filter((path) => path.includes("/outbox/"));
    await persistence.acknowledge(BTC, second.seq);
    expect(outbox()).toEqual(["/data/outbox/BTCUSDT_trend/1.json", "/data/outbox/BTCUSDT_trend/2.json"]);
    await persistence.acknowledge(BTC, first.seq);
    expect(outbox()).toEqual([]);
  });

  it("refuses to acknowledge a record it does not have", async () => {
    const persistence = persistenceOn(new SimulatedDisk());
    await expect(persistence.acknowledge(BTC, 9)).rejects.toThrow(/no pending record 9/);
  });

  it("keeps the record when delivery fails, and recovery hands the same events back, same ids", async () => {
    const disk = new SimulatedDisk();
    const persistence = persistenceOn(disk);
    const failing = persistence.commitAndDeliver(BTC, { kind: "schedule", row: row(BTC, "s1") }, [event("s1:scheduled")], () => {
      throw new Error("subscriber down");
    });
    await expect(failing).rejects.toThrow("subscriber down");

    const restarted = persistenceOn(disk.afterProcessCrash());
    const plan = await restarted.recover({ pairs: [BTC] });
    expect(plan.redeliver.flatMap((record) => record.events.map((e) => e.id))).toEqual(["s1:scheduled"]);
    const delivered: string[] = [];
    await restarted.deliver(plan.redeliver, (e) => void delivered.push(e.id));
    expect(delivered).toEqual(["s1:scheduled"]);
    expect((await restarted.recover({ pairs: [BTC] })).redeliver).toEqual([]);
  });

  it("continues numbering after the records left on disk", async () => {
    const disk = new SimulatedDisk();
    await persistenceOn(disk).commit(BTC, { kind: "schedule", row: row(BTC, "s1") });
    const restarted = persistenceOn(disk.afterProcessCrash());
    const record = await restarted.commit(BTC, { kind: "cancel", row: row(BTC, "s1") });
    expect(record.seq).toBe(2);
  });
});
