import { type SignalRow } from "@tickfold/core";
import { riskSlotOf } from "@tickfold/core/internal";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { BTC, opened, row } from "../live-state.fixture.js";
import { createPersistence } from "../persistence.js";
import { PersistBase } from "../store/file-store.js";
import { PersistMemory } from "../store/memory-store.js";
import { PersistPartialAdapter, PersistPartialUtils } from "./partial-adapter.js";
import { PersistRiskAdapter } from "./risk-adapter.js";
import { PersistScheduleAdapter } from "./schedule-adapter.js";
import { PersistSignalAdapter, PersistSignalUtils } from "./signal-adapter.js";

const slotOf = (row: SignalRow) => riskSlotOf(row, row.pendingAt);

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "persist-domain-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const open = opened(row(BTC, "s1"));
const json = async (...path: string[]): Promise<unknown> => JSON.parse(await readFile(join(root, ...path), "utf8"));

describe("the four domain stores", () => {
  it("write the seeds' layout under the base directory", async () => {
    const p = createPersistence({ baseDir: root });
    await p.signal.writeSignalData(open, "BTCUSDT", "trend");
    await p.schedule.writeScheduleData(null, "BTCUSDT", "trend");
    await p.risk.writePositionData([["trend:BTCUSDT", slotOf(open)]], "portfolio");
    await p.partial.writePartialData({ s1: { profitLevels: [10], lossLevels: [] } }, "BTCUSDT", "trend");

    expect(await json("signal", "BTCUSDT_trend", "BTCUSDT.json")).toEqual(open);
    expect(await json("schedule", "BTCUSDT_trend", "BTCUSDT.json")).toBeNull();
    expect(await json("risk", "portfolio", "positions.json")).toEqual([["trend:BTCUSDT", slotOf(open)]]);
    expect(await json("partial", "BTCUSDT_trend", "levels.json")).toEqual({ s1: { profitLevels: [10], lossLevels: [] } });
  });

  it("read the empty value of each domain when nothing was written", async () => {
    const p = createPersistence({ baseDir: root });
    expect(await p.signal.readSignalData("BTCUSDT", "trend")).toBeNull();
    expect(await p.schedule.readScheduleData("BTCUSDT", "trend")).toBeNull();
    expect(await p.risk.readPositionData("portfolio")).toEqual([]);
    expect(await p.partial.readPartialData("BTCUSDT", "trend")).toEqual({});
  });

  it("read back what was written, null included", async () => {
    const p = createPersistence({ baseDir: root });
    await p.signal.writeSignalData(open, "BTCUSDT", "trend");
    expect(await p.signal.readSignalData("BTCUSDT", "trend")).toEqual(open);
    await p.signal.writeSignalData(null, "BTCUSDT", "trend");
    expect(await p.signal.readSignalData("BTCUSDT", "trend")).toBeNull();
  });

  it("refuse a row that fails its schema, naming field and value, and keep the stored row", async () => {
    const p = createPersistence({ baseDir: root });
    await p.signal.writeSignalData(open, "BTCUSDT", "trend");
    const bad = { ...open, priceTakeProfit: 0, minuteEstimatedTime: 1.5 };
    const error = await p.signal.writeSignalData(bad, "BTCUSDT", "trend").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_content", entity: "BTCUSDT_trend", id: "BTCUSDT", path: join(root, "signal", "BTCUSDT_trend", "BTCUSDT.json") });
    expect((error as Error).message).toContain("priceTakeProfit = 0");
    expect((error as Error).message).toContain("minuteEstimatedTime = 1.5");
    expect(await json("signal", "BTCUSDT_trend", "BTCUSDT.json")).toEqual(open);
  });

  it("refuse a row that belongs to another pair's file", async () => {
    const p = createPersistence({ baseDir: root });
    await expect(p.signal.writeSignalData(open, "BTCUSDT", "breakout")).rejects.toThrow(/strategyName = "trend": must be "breakout"/);
  });

  it("refuse risk positions whose key does not match the position", async () => {
    const p = createPersistence({ baseDir: root });
    await expect(p.risk.writePositionData([["other:ETHUSDT", slotOf(open)]], "portfolio")).rejects.toThrow(/must be "trend:BTCUSDT"/);
  });

  it("validate milestone levels against the configured levels", async () => {
    const quarters = new PersistPartialUtils({ baseDir: root, levels: [25, 50, 75, 100] });
    await quarters.writePartialData({ s1: { profitLevels: [25, 50], lossLevels: [] } }, "BTCUSDT", "trend");
    await expect(quarters.writePartialData({ s1: { profitLevels: [10], lossLevels: [] } }, "BTCUSDT", "trend")).rejects.toThrow(
      /s1\.profitLevels\.0 = 10: is not a configured level/,
    );
    // With the default levels the quarters file is invalid: it is set aside at init, not used.
    const reports: string[] = [];
    const tens = createPersistence({ baseDir: root, onCorrupt: (r) => void reports.push(r.message) });
    expect(await tens.partial.readPartialData("BTCUSDT", "trend")).toEqual({});
    expect(reports).toEqual([expect.stringContaining("profitLevels.0 = 25")]);
  });
});

describe("swapping the backend", () => {
  it("use…Adapter changes the backend of stores created afterwards", async () => {
    const utils = new PersistSignalUtils({ baseDir: root });
    await utils.writeSignalData(open, "BTCUSDT", "trend");
    utils.usePersistSignalAdapter(PersistMemory);
    await utils.writeSignalData({ ...open, id: "m1", symbol: "ETHUSDT" }, "ETHUSDT", "trend");
    expect(existsSync(join(root, "signal", "ETHUSDT_trend"))).toBe(false);
    expect(await utils.readSignalData("ETHUSDT", "trend")).toMatchObject({ id: "m1" });
    // The store created before the swap keeps its files.
    expect(await utils.readSignalData("BTCUSDT", "trend")).toEqual(open);
  });

  /** Puts the process-wide adapters back on the file store they start with, for the tests after. */
  const restoreGlobalAdapters = () => {
    PersistSignalAdapter.usePersistSignalAdapter(PersistBase);
    PersistScheduleAdapter.usePersistScheduleAdapter(PersistBase);
    PersistRiskAdapter.usePersistRiskAdapter(PersistBase);
    PersistPartialAdapter.usePersistPartialAdapter(PersistBase);
  };

  it("the global adapters are swappable, e.g. to memory for tests, and restorable", async () => {
    onTestFinished(restoreGlobalAdapters);
    PersistSignalAdapter.usePersistSignalAdapter(PersistMemory);
    PersistScheduleAdapter.usePersistScheduleAdapter(PersistMemory);
    PersistRiskAdapter.usePersistRiskAdapter(PersistMemory);
    PersistPartialAdapter.usePersistPartialAdapter(PersistMemory);
    const pair = { symbol: "ZZTESTUSDT", strategyName: "global-swap" };
    const zz = row(pair, "z1");
    await PersistSignalAdapter.writeSignalData(zz, pair.symbol, pair.strategyName);
    await PersistScheduleAdapter.writeScheduleData(zz, pair.symbol, pair.strategyName);
    await PersistRiskAdapter.writePositionData([["global-swap:ZZTESTUSDT", slotOf(zz)]], "zz-risk");
    await PersistPartialAdapter.writePartialData({ z1: { profitLevels: [10], lossLevels: [] } }, pair.symbol, pair.strategyName);
    expect(await PersistSignalAdapter.readSignalData(pair.symbol, pair.strategyName)).toEqual(zz);
    expect(await PersistRiskAdapter.readPositionData("zz-risk")).toHaveLength(1);
    expect(existsSync(join("dump", "data", "signal", "ZZTESTUSDT_global-swap"))).toBe(false);
    expect(existsSync(join("dump", "data", "risk", "zz-risk"))).toBe(false);
    restoreGlobalAdapters();
    // Stores created from now on are files again (created, not opened: nothing touches the disk).
    expect(PersistSignalAdapter.storeFor("RESTOREDUSDT", "global-swap")).toBeInstanceOf(PersistBase);
    expect(PersistScheduleAdapter.storeFor("RESTOREDUSDT", "global-swap")).toBeInstanceOf(PersistBase);
    expect(PersistRiskAdapter.storeFor("restored-risk")).toBeInstanceOf(PersistBase);
    expect(PersistPartialAdapter.storeFor("RESTOREDUSDT", "global-swap")).toBeInstanceOf(PersistBase);
  });

  it("an engine can run entirely in memory, and two engines never share state", async () => {
    const a = createPersistence({ baseDir: root, backend: PersistMemory });
    const b = createPersistence({ baseDir: root, backend: PersistMemory });
    await a.commit(BTC, { kind: "open", row: open, riskNames: ["portfolio"] });
    expect(await a.signal.readSignalData("BTCUSDT", "trend")).toEqual(open);
    expect(await b.signal.readSignalData("BTCUSDT", "trend")).toBeNull();
    expect(existsSync(join(root, "signal"))).toBe(false);
    expect(existsSync(join(root, "outbox"))).toBe(false);
  });

  it("an engine can swap one domain only", async () => {
    const p = createPersistence({ baseDir: root, backends: { risk: PersistMemory } });
    await p.commit(BTC, { kind: "open", row: open, riskNames: ["portfolio"] });
    expect(existsSync(join(root, "signal", "BTCUSDT_trend", "BTCUSDT.json"))).toBe(true);
    expect(existsSync(join(root, "risk"))).toBe(false);
    expect(await p.risk.readPositionData("portfolio")).toHaveLength(1);
  });
});
