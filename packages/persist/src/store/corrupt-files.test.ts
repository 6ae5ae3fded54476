import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SimulatedDisk } from "../testing/simulated-disk.js";
import type { CorruptFileReport } from "./corrupt-report.js";
import { PersistBase } from "./file-store.js";
import type { RetryPolicy } from "./retry.js";
import { itemCodec, type Item } from "./store-contract.fixture.js";

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "persist-corrupt-"));
  dir = join(root, "orders");
  await mkdir(dir);
  await writeFile(join(dir, "good.json"), JSON.stringify({ name: "good", qty: 1 }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const openStore = (): { store: PersistBase<Item>; reports: CorruptFileReport[] } => {
  const reports: CorruptFileReport[] = [];
  const store = new PersistBase<Item>("orders", root, {
    codec: itemCodec,
    onCorrupt: (report) => void reports.push(report),
    now: () => 1700000000000,
  });
  return { store, reports };
};

const keysOf = async (store: PersistBase<Item>): Promise<string[]> => {
  const keys: string[] = [];
  for await (const key of store.keys()) keys.push(key);
  return keys;
};

const cases: ReadonlyArray<{ name: string; bytes: Uint8Array | string; rule: RegExp }> = [
  { name: "truncated JSON", bytes: '{"name":"half","qt', rule: /is not valid JSON/ },
  { name: "an empty file", bytes: "", rule: /the file is empty/ },
  { name: "garbage bytes", bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x9c, 0x12]), rule: /is not UTF-8 text/ },
  { name: "valid JSON of the wrong shape", bytes: JSON.stringify({ name: "bad", qty: "three" }), rule: /qty = "three"/ },
];

describe("init with a damaged file", () => {
  for (const { name, bytes, rule } of cases) {
    it(`sets ${name} aside, reports it, never deletes it, and loads the rest`, async () => {
      await writeFile(join(dir, "bad.json"), bytes);
      const { store, reports } = openStore();
      await store.waitForInit();

      expect(await keysOf(store)).toEqual(["good"]);
      expect(await store.readValue("good")).toEqual({ name: "good", qty: 1 });
      expect(await store.hasValue("bad")).toBe(false);
      expect((await readdir(dir)).sort()).toEqual(["bad.json.corrupt-1700000000000", "good.json"]);
      expect(new Uint8Array(await readFile(join(dir, "bad.json.corrupt-1700000000000")))).toEqual(
        typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes,
      );
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({
        source: "storage",
        path: join(dir, "bad.json"),
        movedTo: join(dir, "bad.json.corrupt-1700000000000"),
      });
      expect(reports[0]!.message).toMatch(rule);
      expect(reports[0]!.message).toContain('"bad" of "orders"');
    });
  }

  it("removes a stray temp file left by an interrupted write, without reporting it", async () => {
    await writeFile(join(dir, "good.json.tmp-31337-1"), '{"name":"go');
    const { store, reports } = openStore();
    await store.waitForInit();
    expect(await readdir(dir)).toEqual(["good.json"]);
    expect(reports).toEqual([]);
    expect(await store.readValue("good")).toEqual({ name: "good", qty: 1 });
  });

  it("keeps an earlier set-aside file when a new one is set aside in the same millisecond", async () => {
    await writeFile(join(dir, "bad.json.corrupt-1700000000000"), "older evidence");
    await writeFile(join(dir, "bad.json"), "{");
    const { store } = openStore();
    await store.waitForInit();
    expect(await readFile(join(dir, "bad.json.corrupt-1700000000000"), "utf8")).toBe("older evidence");
    expect(await readFile(join(dir, "bad.json.corrupt-1700000000000-1"), "utf8")).toBe("{");
  });

  it("sets aside a directory standing where a data file should be", async () => {
    await mkdir(join(dir, "odd.json"));
    const { store, reports } = openStore();
    await store.waitForInit();
    expect(await keysOf(store)).toEqual(["good"]);
    expect(reports[0]!.message).toContain("is a directory");
  });

  it("reports a read of a file that went bad after init as invalid content, naming field and value", async () => {
    const { store } = openStore();
    await store.waitForInit();
    await writeFile(join(dir, "good.json"), JSON.stringify({ name: "good", qty: -4 }));
    await expect(store.readValue("good")).rejects.toMatchObject({ code: "invalid_content", id: "good", path: join(dir, "good.json") });
    await expect(store.readValue("good")).rejects.toThrow(/qty = -4/);
  });
});

describe("setting a file aside while something holds it", () => {
  const recordingRetry = (attempts: number): RetryPolicy & { waits: number[] } => {
    const waits: number[] = [];
    return { attempts, firstDelayMs: 10, sleep: async (ms) => void waits.push(ms), waits };
  };

  it("retries a busy rename with growing delays until it succeeds", async () => {
    let busy = 2;
    const disk = SimulatedDisk.withFiles(
      { "/data/orders/bad.json": "{", "/data/orders/good.json": '{"name":"g","qty":1}' },
      { fault: (call) => (call.op === "rename" && busy-- > 0 ? "EBUSY" : undefined) },
    );
    const retry = recordingRetry(5);
    const reports: CorruptFileReport[] = [];
    const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: disk, retry, now: () => 5, onCorrupt: (r) => void reports.push(r) });
    await store.waitForInit();
    expect(retry.waits).toEqual([10, 20]);
    expect(disk.text("/data/orders/bad.json.corrupt-5")).toBe("{");
    expect(reports).toHaveLength(1);
  });

  it("fails init when the file stays busy, and still never hands the bad file out", async () => {
    const disk = SimulatedDisk.withFiles(
      { "/data/orders/bad.json": "{" },
      { fault: (call) => (call.op === "rename" ? "EBUSY" : undefined) },
    );
    const retry = recordingRetry(3);
    const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: disk, retry, onCorrupt: () => undefined });
    await expect(store.waitForInit()).rejects.toMatchObject({ code: "io", entity: "orders", id: "bad", path: "/data/orders/bad.json" });
    expect(retry.waits).toEqual([10, 20]);
    // Every later call tries init again, and fails again, rather than reading the bad file.
    await expect(store.readValue("bad")).rejects.toMatchObject({ code: "io" });
    expect(disk.text("/data/orders/bad.json")).toBe("{");
  });

  it("does not retry an error that is not transient", async () => {
    const disk = SimulatedDisk.withFiles({ "/data/orders/bad.json": "{" }, { fault: (call) => (call.op === "rename" ? "EACCES" : undefined) });
    const retry = recordingRetry(5);
    const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: disk, retry, onCorrupt: () => undefined });
    await expect(store.waitForInit()).rejects.toMatchObject({ code: "permission_denied" });
    expect(retry.waits).toEqual([]);
  });
});
