import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PersistError } from "../errors/persist-error.js";
import { releaseWriterLocks } from "../fs/writer-lock.js";
import { SimulatedDisk } from "../testing/simulated-disk.js";
import type { CorruptFileReport } from "./corrupt-report.js";
import { PersistBase } from "./file-store.js";
import { MAX_FILE_BYTES } from "./serialise.js";
import { itemCodec, type Item } from "./store-contract.fixture.js";

/**
 * What a real directory can hold besides our files: links, FIFOs, huge files, files of other
 * tools, unreadable files, and JSON that parses but is not what we write. None may be followed,
 * hang init, stop init, or be accepted as data; every failure names the file.
 */
let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "persist-hostile-"));
  dir = join(root, "orders");
  await mkdir(dir);
  await writeFile(join(dir, "good.json"), JSON.stringify({ name: "good", qty: 1 }));
});
afterEach(async () => {
  await releaseWriterLocks();
  await rm(root, { recursive: true, force: true });
});

const NOW = 1700000000000;
const openStore = <T = Item>(codec = itemCodec as never): { store: PersistBase<T>; reports: CorruptFileReport[] } => {
  const reports: CorruptFileReport[] = [];
  const store = new PersistBase<T>("orders", root, { codec, onCorrupt: (report) => void reports.push(report), now: () => NOW });
  return { store, reports };
};

const expectSetAside = async (name: string, rule: RegExp): Promise<CorruptFileReport[]> => {
  const { store, reports } = openStore();
  await store.waitForInit();
  expect(await store.readValue("good")).toEqual({ name: "good", qty: 1 });
  expect(await store.hasValue(name.replace(/\.json$/, ""))).toBe(false);
  expect((await readdir(dir)).sort()).toEqual([`${name}.corrupt-${NOW}`, "good.json"].sort());
  expect(reports).toHaveLength(1);
  expect(reports[0]!.message).toMatch(rule);
  expect(reports[0]!.path).toBe(join(dir, name));
  return reports;
};

describe("entries that are not regular files", () => {
  it("sets a symbolic link aside without following it, and a later write makes a regular file, never writing through", async () => {
    const outside = join(root, "outside.json");
    await writeFile(outside, JSON.stringify({ name: "outside", qty: 9 }));
    await symlink(outside, join(dir, "a.json"));
    await expectSetAside("a.json", /is a symbolic link, which the store never follows/);
    const { store } = openStore();
    await store.writeValue("a", { name: "mine", qty: 2 });
    expect(JSON.parse(await readFile(outside, "utf8"))).toEqual({ name: "outside", qty: 9 });
    expect(JSON.parse(await readFile(join(dir, "a.json"), "utf8"))).toEqual({ name: "mine", qty: 2 });
  });

  it("sets a dangling symbolic link aside instead of failing init", async () => {
    await symlink(join(root, "nowhere.json"), join(dir, "a.json"));
    await expectSetAside("a.json", /is a symbolic link/);
  });

  it("sets a FIFO aside without opening it (init used to wait for a writer forever)", { timeout: 10_000 }, async () => {
    execFileSync("mkfifo", [join(dir, "a.json")]);
    await expectSetAside("a.json", /is not a regular file \(a FIFO, socket or device\)/);
  });

  it("refuses an entity directory that is a symbolic link, naming it", async () => {
    const elsewhere = join(root, "elsewhere");
    await mkdir(elsewhere);
    await symlink(elsewhere, join(root, "linked"));
    const error = await new PersistBase("linked", root).waitForInit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersistError);
    expect((error as Error).message).toContain(`${join(root, "linked")} is a symbolic link`);
  });
});

describe("files that are not ours", () => {
  it("keeps BTCUSDT.json.2024 (a user's copy, not one of our temp files) and does not read it as data", async () => {
    await writeFile(join(dir, "good.json.2024"), "my backup");
    const { store, reports } = openStore();
    await store.waitForInit();
    expect((await readdir(dir)).sort()).toEqual(["good.json", "good.json.2024"]);
    expect(reports).toEqual([]);
  });

  it("sets a 3 GiB file aside unread (over the 16 MiB limit) and init goes on", async () => {
    const handle = await open(join(dir, "huge.json"), "w");
    await handle.truncate(3 * 1024 ** 3);
    await handle.close();
    await expectSetAside("huge.json", /is larger than the limit of 16777216 bytes/);
  });

  it("refuses to write a value larger than the limit, before touching the disk", async () => {
    const { store } = openStore<unknown>({ label: "blob", decode: (input: unknown) => ({ _tag: "Right", right: input }) } as never);
    await expect(store.writeValue("big", "x".repeat(MAX_FILE_BYTES))).rejects.toMatchObject({ code: "invalid_content", message: expect.stringContaining("larger than the limit") });
    expect(await readdir(dir)).toEqual(["good.json"]);
  });
});

describe("what a valid file is", () => {
  const cases: ReadonlyArray<{ name: string; bytes: Uint8Array | string; rule: RegExp }> = [
    { name: "a byte-order mark", bytes: `\uFEFF${JSON.stringify({ name: "bom", qty: 1 })}`, rule: /starts with a byte-order mark/ },
    { name: "a key given twice", bytes: '{"name":"dup","qty":1,"qty":2}', rule: /qty = "qty"|"qty": is a key given twice|is a key given twice/ },
    { name: "a key given twice, once escaped", bytes: '{"name":"dup","qty":1,"q\\u0074y":2}', rule: /is a key given twice/ },
    { name: "a key given twice in a nested object", bytes: '{"name":"dup","qty":1,"x":{"a":1,"a":2}}', rule: /is a key given twice/ },
  ];
  for (const { name, bytes, rule } of cases) {
    it(`refuses ${name}`, async () => {
      await writeFile(join(dir, "bad.json"), bytes);
      await expectSetAside("bad.json", rule);
    });
  }

  it("refuses 17 MiB of whitespace around null (over the size limit)", async () => {
    const pad = " ".repeat(8.5 * 1024 * 1024);
    await writeFile(join(dir, "bad.json"), `${pad}null${pad}`);
    await expectSetAside("bad.json", /is larger than the limit/);
  });

  it("accepts what JSON allows within the limit: whitespace, the same key in different objects, keys that look alike", async () => {
    await writeFile(join(dir, "pretty.json"), `\n  {\n  "name" : "pretty",\n "qty": 2 }\n\t`);
    await writeFile(join(dir, "nested.json"), '{"name":"n","qty":3,"x":[{"a":1},{"a":2}],"y":{"name":"inner"}, "z": "\\"qty\\""}');
    const { store, reports } = openStore();
    await store.waitForInit();
    expect(reports).toEqual([]);
    expect(await store.readValue("pretty")).toEqual({ name: "pretty", qty: 2 });
    expect(await store.readValue("nested")).toEqual({ name: "n", qty: 3 });
  });
});

describe("init errors name the file", () => {
  const disk = SimulatedDisk.withFiles({ "/data/orders/a.json": '{"name":"a","qty":1}', "/data/orders/b.json": '{"name":"b","qty":1}' });
  for (const [errno, code] of [["EACCES", "permission_denied"], ["EIO", "io"]] as const) {
    it(`an unreadable file (${errno}) fails init with ${code}, naming that file and its id`, async () => {
      const failing = disk.reopen({ fault: (call) => (call.op === "readFile" && call.path === "/data/orders/b.json" ? errno : undefined) });
      const store = new PersistBase<Item>("orders", "/data", { codec: itemCodec, fs: failing, onCorrupt: () => undefined });
      await expect(store.waitForInit()).rejects.toMatchObject({
        code,
        id: "b",
        path: "/data/orders/b.json",
        message: expect.stringMatching(/^Cannot initialise item "b" of "orders": .* at \/data\/orders\/b\.json/),
      });
    });
  }
});
