import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PersistError } from "../errors/persist-error.js";
import { BTC, event, opened, pairState, row } from "../live-state.fixture.js";
import { createPersistence } from "../persistence.js";
import { anyJsonCodec } from "../store/entity-codec.js";
import { encodeName } from "../store/entity-id.js";
import { PersistBase } from "../store/file-store.js";
import { SimulatedDisk } from "../testing/simulated-disk.js";
import { pairEntity, type Pair } from "./layout.js";
import { PersistRiskUtils } from "./risk-adapter.js";
import { PersistSignalUtils } from "./signal-adapter.js";

const quiet = { onCorrupt: () => undefined };
const SNAKE = { symbol: "BTC_USDT", strategyName: "trend", riskNames: ["portfolio"] } as const;
const SPLIT = { symbol: "BTC", strategyName: "USDT_trend", riskNames: ["portfolio"] } as const;
const dirOf = (pair: Pair): string => encodeName("entity name", pairEntity(pair));

describe("pair folders are one-to-one", () => {
  it("keeps the seeds' folder names for ordinary names, a _ in the strategy included", () => {
    expect(dirOf({ symbol: "BTCUSDT", strategyName: "trend" })).toBe("BTCUSDT_trend");
    expect(dirOf({ symbol: "BTCUSDT", strategyName: "trend_following" })).toBe("BTCUSDT_trend_following");
    expect(dirOf({ symbol: "BTC/USDT", strategyName: "trend" })).toBe("BTC%2FUSDT_trend");
  });

  it("gives (BTC_USDT, trend) and (BTC, USDT_trend) their own folders: one pair's recovery leaves the other's position and slot alone", async () => {
    const disk = new SimulatedDisk();
    const persistence = createPersistence({ baseDir: "/data", fs: disk, ...quiet });
    for (const pair of [SNAKE, SPLIT]) {
      await persistence.commitAndDeliver(pair, { kind: "open", row: opened(row(pair, `${pair.symbol}-1`)), riskNames: [...pair.riskNames] }, [], () => undefined);
    }
    const plan = await createPersistence({ baseDir: "/data", fs: disk.reopen(), ...quiet }).recover({ pairs: [SPLIT] });
    expect(plan.fixes).toEqual([]);
    const after = await createPersistence({ baseDir: "/data", fs: disk.reopen(), ...quiet }).readSnapshot({ pairs: [SNAKE, SPLIT] });
    expect(pairState(after, SNAKE)).toMatchObject({ signal: "BTC_USDT-1", slots: { portfolio: "BTC_USDT-1" } });
    expect(pairState(after, SPLIT)).toMatchObject({ signal: "BTC-1", slots: { portfolio: "BTC-1" } });
    expect(disk.files().filter((path) => !path.includes("outbox"))).toEqual([
      "/data/risk/portfolio/positions.json",
      "/data/signal/BTC%255FUSDT_trend/BTC_USDT.json",
      "/data/signal/BTC_USDT_trend/BTC.json",
    ]);
  });

  it("maps distinct pairs to distinct folders, each a single path component, and reads back what it wrote, two pairs to a disk", async () => {
    // Names drawn from unicode, path characters and the characters the mapping escapes.
    const name = fc
      .oneof(
        fc.string({ unit: fc.constantFrom("_", "%", "/", "\\", ".", ":", "a", "B", "5", "F", " ", "é", "\u0000", "😀"), minLength: 1, maxLength: 6 }),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
      )
      .filter((text) => text !== "." && text !== "..");
    const pair = fc.record({ symbol: name, strategyName: name });
    fc.assert(
      fc.property(pair, pair, (a, b) => {
        fc.pre(a.symbol !== b.symbol || a.strategyName !== b.strategyName);
        const [da, db] = [dirOf(a), dirOf(b)];
        expect(da).not.toBe(db);
        for (const dir of [da, db]) {
          expect(dir).not.toMatch(/[/\\\u0000]/);
          expect([".", ".."]).not.toContain(dir);
        }
      }),
    );
    // Two pairs on one disk: each reads back its own row, and neither is taken for a folder an
    // earlier version shared (the check must never refuse what this version wrote).
    await fc.assert(
      fc.asyncProperty(pair, pair, name, async (a, b, riskName) => {
        fc.pre(a.symbol !== b.symbol || a.strategyName !== b.strategyName);
        const disk = new SimulatedDisk();
        const options = { baseDir: "/data", fs: disk, ...quiet };
        for (const p of [a, b]) await new PersistSignalUtils(options).writeSignalData(row(p, "s1"), p.symbol, p.strategyName);
        await new PersistRiskUtils(options).writePositionData([], riskName);
        const fresh = { ...options, fs: disk.reopen() };
        for (const p of [a, b]) expect(await new PersistSignalUtils(fresh).readSignalData(p.symbol, p.strategyName)).toEqual(row(p, "s1"));
        expect(await new PersistRiskUtils(fresh).readPositionData(riskName)).toEqual([]);
      }),
    );
  });

  it("keeps signal ids and store ids drawn from unicode, path characters and Object.prototype's names through commit, recovery and listing", async () => {
    // A signal id names no folder, but it is a key of the milestone file and a value in risk slots
    // and outbox records; a store id names a file. "__proto__" is the classic way to lose a key.
    const id = fc
      .oneof(
        fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"),
        fc.string({ unit: fc.constantFrom("_", "%", "/", "\\", ".", ":", "a", "5", " ", "é", "\u0000", "😀", "\n", '"'), minLength: 1, maxLength: 6 }),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
      )
      .filter((text) => text !== "." && text !== "..");
    const levels = { profitLevels: [10, 20], lossLevels: [30] };
    await fc.assert(
      fc.asyncProperty(id, async (signalId) => {
        const disk = new SimulatedDisk();
        const live = createPersistence({ baseDir: "/data", fs: disk, ...quiet });
        const active = opened(row(BTC, signalId));
        await live.commitAndDeliver(BTC, { kind: "open", row: active, riskNames: [...BTC.riskNames] }, [event(`${signalId}:opened`)], () => undefined);
        // Left unacknowledged: recovery must hand it back with the id as it was.
        await live.commit(BTC, { kind: "milestone", signalId, levels }, [event(`${signalId}:profit`)]);
        const plan = await createPersistence({ baseDir: "/data", fs: disk.reopen(), ...quiet }).recover({ pairs: [BTC] });
        expect(plan.fixes).toEqual([]);
        expect(plan.redeliver.flatMap((record) => record.events.map((e) => e.id))).toEqual([`${signalId}:profit`]);
        const state = pairState(plan.resolved, BTC);
        expect(state).toEqual({ signal: signalId, pendingAt: active.pendingAt, schedule: null, partial: { [signalId]: levels }, slots: { portfolio: signalId, "btc-desk": signalId } });
        expect(Object.keys(state.partial)).toEqual([signalId]);

        const store = new PersistBase<unknown>("entity", "/data", { codec: anyJsonCodec, fs: disk, ...quiet });
        await store.writeValue(signalId, { signalId });
        const fresh = new PersistBase<unknown>("entity", "/data", { codec: anyJsonCodec, fs: disk.reopen(), ...quiet });
        const keys: string[] = [];
        for await (const key of fresh.keys()) keys.push(String(key));
        expect(keys).toEqual([signalId]);
        expect(await fresh.readValue(signalId)).toEqual({ signalId });
      }),
    );
  });

  it("refuses a name with a lone surrogate as a PersistError naming the field, not a URIError", async () => {
    const lone = fc.constantFrom("\uD800", "a\uDC00", "x\uDBFFy");
    await fc.assert(
      fc.asyncProperty(lone, fc.constantFrom("symbol", "strategyName", "riskName"), async (bad, field) => {
        const options = { baseDir: "/data", fs: new SimulatedDisk(), ...quiet };
        const attempt =
          field === "riskName"
            ? new PersistRiskUtils(options).readPositionData(bad)
            : new PersistSignalUtils(options).readSignalData(field === "symbol" ? bad : "BTCUSDT", field === "strategyName" ? bad : "trend");
        const error = await attempt.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PersistError);
        expect(error).toMatchObject({ code: "invalid_name", message: expect.stringMatching(new RegExp(`^The ${field} .* cannot name a file: it holds a lone surrogate \\(U\\+D[89A-F][0-9A-F]{2}\\)`)) });
      }),
    );
  });
});

describe("folders an earlier version shared between two pairs", () => {
  /** What versions with `{symbol}_{strategyName}` left: (BTC_USDT, trend)'s position in the shared folder. */
  const legacyDisk = (): SimulatedDisk =>
    SimulatedDisk.withFiles({
      "/data/signal/BTC_USDT_trend/BTC_USDT.json": JSON.stringify(opened(row(SNAKE, "old-1"))),
      "/data/signal/BTC_USDT_trend/BTC.json": JSON.stringify(opened(row(SPLIT, "old-2"))),
    });

  for (const pair of [SNAKE, SPLIT]) {
    it(`refuses to open ${pair.symbol}/${pair.strategyName}, naming the folder and the foreign file, and changes nothing`, async () => {
      const disk = legacyDisk();
      const before = disk.files();
      const error = await new PersistSignalUtils({ baseDir: "/data", fs: disk, ...quiet }).readSignalData(pair.symbol, pair.strategyName).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PersistError);
      expect((error as Error).message).toContain(`Cannot open ${pair.symbol}/${pair.strategyName}: the folders "BTC_USDT_trend" under /data were written by an earlier version`);
      expect((error as Error).message).toContain("/data/signal/BTC_USDT_trend/BTC_USDT.json");
      expect((error as Error).message).toContain('into the folders named "BTC%255FUSDT_trend"');
      expect(disk.files()).toEqual(before);
    });
  }

  it("opens a shared-looking folder that holds only its owner's files, as the seeds wrote it", async () => {
    const disk = SimulatedDisk.withFiles({ "/data/signal/BTC_USDT_trend/BTC.json": JSON.stringify(opened(row(SPLIT, "old-2"))) });
    const options = { baseDir: "/data", fs: disk, ...quiet };
    expect(await new PersistSignalUtils(options).readSignalData(SPLIT.symbol, SPLIT.strategyName)).toMatchObject({ id: "old-2" });
    expect(await new PersistSignalUtils(options).readSignalData(SNAKE.symbol, SNAKE.strategyName)).toBeNull();
  });

  it("refuses a pair whose symbol holds a %, while its position is still in the folder an earlier version gave it", async () => {
    // (A%B, trend) was `A%25B_trend` and is now `A%2525B_trend`: opening the new folder alone would
    // read no position while one is open.
    const pair = { symbol: "A%B", strategyName: "trend" };
    const disk = SimulatedDisk.withFiles({ "/data/signal/A%25B_trend/A%25B.json": JSON.stringify(opened(row(pair, "old-1"))) });
    const before = disk.files();
    const error = await new PersistSignalUtils({ baseDir: "/data", fs: disk, ...quiet }).readSignalData(pair.symbol, pair.strategyName).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersistError);
    expect((error as Error).message).toContain('Cannot open A%B/trend: the folders "A%25B_trend" under /data were written by an earlier version');
    expect((error as Error).message).toContain('Move the files of A%B/trend into the folders named "A%2525B_trend"');
    expect(disk.files()).toEqual(before);
  });

  it("refuses a pair whose new folder is another pair's old one, instead of setting that pair's files aside", async () => {
    // (A%5F, trend) wrote `A%5F_trend`, which is (A_, trend)'s folder under the one-to-one mapping.
    const old = { symbol: "A%5F", strategyName: "trend" };
    const files = {
      "/data/signal/A%255F_trend/A%255F.json": JSON.stringify(opened(row(old, "old-1"))),
      "/data/outbox/A%255F_trend/1.json": JSON.stringify({ seq: 1, ...old, changes: [{ kind: "cancel", row: row(old, "x") }], events: [] }),
    };
    // Both are refused, each naming that one folder: (A_, trend) finds foreign files in its own, and
    // (A%5F, trend) finds its files still in its old one.
    const folder = "A%255F_trend";
    for (const pair of [{ symbol: "A_", strategyName: "trend", riskNames: [] }, { ...old, riskNames: [] }]) {
      const disk = SimulatedDisk.withFiles(files);
      const error = await createPersistence({ baseDir: "/data", fs: disk, ...quiet }).recover({ pairs: [pair] }).catch((e: unknown) => e);
      expect(error, `${pair.symbol}/${pair.strategyName}`).toBeInstanceOf(PersistError);
      expect((error as Error).message).toContain(`Cannot open ${pair.symbol}/${pair.strategyName}: the folders "${folder}" under /data`);
      expect((error as Error).message).toContain("hold files of A%5F/trend (/data/signal/A%255F_trend/A%255F.json, /data/outbox/A%255F_trend/1.json)");
      expect((error as Error).message).toContain('into the folders named "A%25255F_trend"');
      expect(disk.files()).toEqual(Object.keys(files).sort());
    }
  });

  it("finds another pair's outbox record by the pair it names", async () => {
    const record = { seq: 1, symbol: "BTC_USDT", strategyName: "trend", changes: [{ kind: "cancel", row: row(SNAKE, "x") }], events: [] };
    const disk = SimulatedDisk.withFiles({ "/data/outbox/BTC_USDT_trend/1.json": JSON.stringify(record) });
    await expect(createPersistence({ baseDir: "/data", fs: disk, ...quiet }).recover({ pairs: [SPLIT] })).rejects.toThrow(/hold files of BTC_USDT/);
  });
});
