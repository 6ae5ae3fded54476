import { describe, expect, it } from "vitest";
import { PersistError, type PersistErrorCode } from "../errors/persist-error.js";
import { SimulatedDisk, type DiskCall } from "../testing/simulated-disk.js";
import { PersistBase } from "./file-store.js";
import type { RetryPolicy } from "./retry.js";
import { itemCodec, type Item } from "./store-contract.fixture.js";

const ERRNOS: ReadonlyArray<readonly [string, PersistErrorCode]> = [
  ["ENOSPC", "disk_full"],
  ["EIO", "io"],
  ["EACCES", "permission_denied"],
  ["EBUSY", "io"],
];

const noWait: RetryPolicy = { attempts: 3, firstDelayMs: 1, sleep: async () => undefined };
const V1 = '{"name":"a","qty":1}';
const V2: Item = { name: "a", qty: 2 };

const storeOn = (disk: SimulatedDisk): PersistBase<Item> =>
  new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: disk, retry: noWait, onCorrupt: () => undefined, now: () => 7 });

/** The calls `action` makes, numbered as they will be on a fresh copy of `disk`. */
const traceOf = async (disk: SimulatedDisk, prepare: (store: PersistBase<Item>) => Promise<void>, action: (store: PersistBase<Item>) => Promise<unknown>): Promise<DiskCall[]> => {
  const traced = disk.reopen();
  const store = storeOn(traced);
  await prepare(store);
  const from = traced.calls.length;
  await action(store);
  return traced.calls.slice(from);
};

const tempFiles = (disk: SimulatedDisk): string[] => disk.files().filter((path) => disk.isTempFile(path.split("/").at(-1)!));

describe("a write failing at each of its disk calls", async () => {
  const base = SimulatedDisk.withFiles({ "/data/orders/a.json": V1 });
  const init = (store: PersistBase<Item>): Promise<void> => store.waitForInit();
  const calls = await traceOf(base, init, (store) => store.writeValue("a", V2));

  it("makes the calls of a durable atomic write, in this order", () => {
    expect(calls.map((call) => call.op)).toEqual(["open", "write", "fsync", "close", "rename", "syncDir"]);
  });

  for (const call of calls) {
    for (const [errno, code] of ERRNOS) {
      it(`${call.op} failing with ${errno}: throws ${code} naming entity, id and path; stops; leaves no temp file`, async () => {
        const disk = base.reopen({ fault: (c) => (c.index === call.index ? errno : undefined) });
        const store = storeOn(disk);
        await init(store);
        const error = await store.writeValue("a", V2).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(PersistError);
        expect(error).toMatchObject({ code, entity: "orders", id: "a", path: "/data/orders/a.json" });
        expect((error as Error).message).toContain(errno);
        // Nothing after the failing call: a failed fsync in particular is never retried.
        expect(disk.calls.at(-1)?.index).toBe(call.index);
        expect(tempFiles(disk)).toEqual([]);
        // Before the rename the old value stands; a failed directory fsync leaves the new one
        // visible but unconfirmed, and a power loss may still take either.
        const expected = call.op === "syncDir" ? [JSON.stringify(V2)] : [V1];
        expect(expected).toContain(disk.text("/data/orders/a.json"));
        expect([V1, JSON.stringify(V2)]).toContain(disk.afterPowerLoss().text("/data/orders/a.json"));
        // The store is not poisoned: once the disk recovers, the next write goes through.
        await store.writeValue("a", { name: "a", qty: 3 });
        expect(disk.afterPowerLoss().text("/data/orders/a.json")).toBe('{"name":"a","qty":3}');
      });
    }
  }
});

describe("init failing at each of its disk calls", async () => {
  const base = SimulatedDisk.withFiles({
    "/data/orders/a.json": V1,
    "/data/orders/b.json": "{not json",
    "/data/orders/a.json.tmp-999-3": '{"na',
  });
  const calls = await traceOf(base, async () => undefined, (store) => store.waitForInit());

  it("checks the base and entity directories, lists it, removes the temp file, validates and sets aside, then fsyncs", () => {
    expect(calls.map((call) => call.op)).toEqual(["exists", "exists", "kindOf", "readdir", "kindOf", "readFile", "unlink", "kindOf", "readFile", "exists", "rename", "syncDir"]);
  });

  for (const call of calls) {
    for (const [errno, code] of ERRNOS) {
      const transient = errno === "EBUSY" && (call.op === "rename" || call.op === "unlink");
      it(`${call.op} failing with ${errno}: ${transient ? "is retried and init succeeds" : `init fails with ${code}`}; no valid data is lost`, async () => {
        const disk = base.reopen({ fault: (c) => (c.index === call.index ? errno : undefined) });
        const store = storeOn(disk);
        const outcome = await store.waitForInit().then(
          () => undefined,
          (e: unknown) => e,
        );
        if (transient) {
          expect(outcome).toBeUndefined();
        } else {
          expect(outcome).toBeInstanceOf(PersistError);
          expect(outcome).toMatchObject({ code, entity: "orders" });
          // The file the failing call concerns (setting b.json aside included), or the directory
          // when the call was on a directory.
          const concerned = call.path.replace(/\.corrupt-\d+$/, "");
          expect(outcome).toMatchObject({ path: concerned, id: concerned.includes(".json") ? expect.stringMatching(/./) : "" });
          expect((outcome as Error).message).toContain(` at ${concerned}`);
        }
        expect(disk.text("/data/orders/a.json")).toBe(V1);
        const badCopies = disk.files().filter((path) => path.includes("/b.json"));
        expect(badCopies.map((path) => disk.text(path))).toEqual(["{not json"]);
        // A later init on the healthy disk loads the valid file and never the invalid one.
        const again = storeOn(disk.reopen());
        await again.waitForInit();
        expect(await again.readValue("a")).toEqual({ name: "a", qty: 1 });
        expect(await again.hasValue("b")).toBe(false);
      });
    }
  }
});

describe("reads failing", () => {
  const base = SimulatedDisk.withFiles({ "/data/orders/a.json": V1 });
  for (const [errno, code] of ERRNOS) {
    it(`readValue and hasValue throw ${code} for ${errno}, naming entity, id and path`, async () => {
      let failing = false;
      const disk = base.reopen({ fault: (c) => (failing && (c.op === "readFile" || c.op === "exists") ? errno : undefined) });
      const store = storeOn(disk);
      await store.waitForInit();
      failing = true;
      await expect(store.readValue("a")).rejects.toMatchObject({ code, entity: "orders", id: "a", path: "/data/orders/a.json" });
      await expect(store.hasValue("a")).rejects.toMatchObject({ code, entity: "orders", id: "a", path: "/data/orders/a.json" });
    });
  }
});
