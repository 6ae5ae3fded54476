import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FileSystem } from "../fs/file-system.js";
import { nodeFileSystem } from "../fs/node-file-system.js";
import { SimulatedDisk } from "../testing/simulated-disk.js";
import { PersistBase } from "./file-store.js";
import { describeStoreContract, itemCodec, type Item } from "./store-contract.fixture.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "persist-file-store-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describeStoreContract("file store on a real directory", async (entity, options) =>
  new PersistBase<Item>(entity, root, { codec: itemCodec, ...options }),
);

describeStoreContract("file store on the simulated disk", async (entity, options) =>
  new PersistBase<Item>(entity, "/data", { codec: itemCodec, fs: new SimulatedDisk(), ...options }),
);

describe("file store layout and init", () => {
  it("takes a staged temp file that vanishes before init removes it (renamed by a writer) as removed", async () => {
    await mkdir(join(root, "pair"), { recursive: true });
    await writeFile(join(root, "pair", "meta.json.tmp-1-1"), "{}");
    const racing: FileSystem = Object.create(nodeFileSystem, {
      unlink: {
        value: async (path: string) => {
          await nodeFileSystem.unlink(path);
          throw Object.assign(new Error(`ENOENT: no such file or directory, unlink '${path}'`), { code: "ENOENT" });
        },
      },
    });
    const store = new PersistBase<Item>("pair", root, { codec: itemCodec, fs: racing });
    await store.waitForInit();
    expect(await readdir(join(root, "pair"))).toEqual([]);
  });

  it("stores each value as {baseDir}/{entityName}/{id}.json holding its JSON", async () => {
    const store = new PersistBase<Item>("orders", root, { codec: itemCodec });
    await store.writeValue("a", { name: "apple", qty: 3 });
    expect(store.pathOf("a")).toBe(join(root, "orders", "a.json"));
    expect(JSON.parse(await readFile(join(root, "orders", "a.json"), "utf8"))).toEqual({ name: "apple", qty: 3 });
    expect(await readdir(join(root, "orders"))).toEqual(["a.json"]);
  });

  it("creates missing parent directories at init", async () => {
    const store = new PersistBase<Item>("orders", join(root, "deep", "er"), { codec: itemCodec });
    await store.waitForInit();
    // Beside it, the writer lock of the base directory (a name no entity can have).
    expect((await readdir(join(root, "deep", "er"))).sort()).toEqual(["%writer-lock", "orders"]);
  });

  it("runs init once for concurrent and later callers", async () => {
    const disk = new SimulatedDisk();
    const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: disk });
    await Promise.all([store.waitForInit(), store.waitForInit(), store.hasValue("a"), store.waitForInit()]);
    await store.waitForInit();
    expect(disk.calls.filter((call) => call.op === "readdir")).toHaveLength(1);
  });

  it("tries init again after it failed, instead of keeping the failure forever", async () => {
    let failing = true;
    const disk = new SimulatedDisk({ fault: (call) => (failing && call.op === "readdir" ? "EIO" : undefined) });
    const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: disk });
    await expect(store.waitForInit()).rejects.toMatchObject({ code: "io", entity: "orders" });
    failing = false;
    await expect(store.waitForInit()).resolves.toBeUndefined();
  });

  it("refuses an invalid value before touching the disk, even before init", async () => {
    const disk = new SimulatedDisk();
    const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: disk });
    await expect(store.writeValue("a", { name: "", qty: 1 })).rejects.toMatchObject({ code: "invalid_content" });
    expect(disk.calls).toEqual([]);
  });

  it("issues same-id writes to the disk in call order even when an earlier one is slower", async () => {
    const order: string[] = [];
    const disk = new SimulatedDisk();
    let first = true;
    const slowFirst: FileSystem = {
      mkdir: (path) => disk.mkdir(path),
      readdir: (path) => disk.readdir(path),
      readFile: (path, maxBytes) => disk.readFile(path, maxBytes),
      kindOf: (path) => disk.kindOf(path),
      lockWriter: (dir) => disk.lockWriter(dir),
      exists: (path) => disk.exists(path),
      isTempFile: (name) => disk.isTempFile(name),
      rename: (from, to) => disk.rename(from, to),
      unlink: (path) => disk.unlink(path),
      syncDir: (path) => disk.syncDir(path),
      replaceFile: async (path, data) => {
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        order.push(new TextDecoder().decode(data));
        return disk.replaceFile(path, data);
      },
    };
    const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: slowFirst });
    await store.waitForInit();
    await Promise.all([1, 2, 3].map((qty) => store.writeValue("a", { name: "a", qty })));
    expect(order.map((text) => (JSON.parse(text) as Item).qty)).toEqual([1, 2, 3]);
  });
});
