import fs from "node:fs";
import { mkdtemp, open, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { zodCodec } from "../domain/codecs.js";
import type { CorruptFileReport } from "../store/corrupt-report.js";
import { PersistBase } from "../store/file-store.js";
import { NodeFileSystem } from "./node-file-system.js";

/**
 * write-file-atomic does its own I/O through Node's callback `fs`, outside our port. These tests
 * fail those calls for real, to check the production write path, not only the simulated one.
 */
type Callback = (error: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;
type CallbackStep = "open" | "write" | "fsync" | "close" | "rename";

const injected = (errno: string): NodeJS.ErrnoException => Object.assign(new Error(`${errno}: injected`), { code: errno });

/** Fails a callback-style fs call. A failing close still releases the descriptor, as the kernel does. */
const realClose = fs.close;
const failing =
  (step: CallbackStep, errno: string): ((...args: unknown[]) => void) =>
  (...args: unknown[]) => {
    const callback = args.at(-1) as Callback;
    if (step === "close") realClose(args[0] as number, () => callback(injected(errno)));
    else process.nextTick(() => callback(injected(errno)));
  };

const nodeFs = new NodeFileSystem();
let dir: string;
let target: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "persist-node-fs-"));
  target = join(dir, "a.json");
  await writeFile(target, '{"v":1}');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe("NodeFileSystem.replaceFile (write-file-atomic with fsync)", () => {
  it("replaces the file and leaves nothing else in the directory", async () => {
    await nodeFs.replaceFile(target, new TextEncoder().encode('{"v":2}'));
    expect(await readFile(target, "utf8")).toBe('{"v":2}');
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("fsyncs the temp file exactly once before renaming it", async () => {
    const order: string[] = [];
    const realFsync = fs.fsync;
    const realRename = fs.rename;
    vi.spyOn(fs, "fsync").mockImplementation(((fd: number, cb: Callback) => {
      order.push("fsync");
      realFsync(fd, cb);
    }) as typeof fs.fsync);
    vi.spyOn(fs, "rename").mockImplementation(((from: string, to: string, cb: Callback) => {
      order.push("rename");
      realRename(from, to, cb);
    }) as typeof fs.rename);
    await nodeFs.replaceFile(target, new TextEncoder().encode('{"v":2}'));
    expect(order).toEqual(["fsync", "rename"]);
  });

  const steps: CallbackStep[] = ["open", "write", "fsync", "close", "rename"];
  for (const step of steps) {
    for (const errno of ["ENOSPC", "EIO", "EACCES", "EBUSY"]) {
      it(`${step} failing with ${errno}: rejects with it, keeps the old file, removes the temp file, never fsyncs twice`, async () => {
        const fsyncs = vi.spyOn(fs, "fsync");
        const spy = vi.spyOn(fs, step).mockImplementation(failing(step, errno) as never);
        await expect(nodeFs.replaceFile(target, new TextEncoder().encode('{"v":2}'))).rejects.toMatchObject({ code: errno });
        // write-file-atomic closes the descriptor once more in its cleanup after a failed close;
        // no other call is repeated, and a failed fsync in particular is not.
        expect(spy).toHaveBeenCalledTimes(step === "close" ? 2 : 1);
        expect(fsyncs.mock.calls.length).toBeLessThanOrEqual(1);
        vi.restoreAllMocks();
        expect(await readFile(target, "utf8")).toBe('{"v":1}');
        expect(await readdir(dir)).toEqual(["a.json"]);
      });
    }
  }

  it("turns a short write (which write-file-atomic ignores) into ENOSPC, and init then sets the truncated file aside", async () => {
    const realWrite = fs.write;
    vi.spyOn(fs, "write").mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number, position: number, cb: Callback) =>
      realWrite(fd, buffer, offset, Math.floor(length / 2), position, cb)) as typeof fs.write);
    await expect(nodeFs.replaceFile(target, new TextEncoder().encode('{"value":"a long enough text"}'))).rejects.toMatchObject({ code: "ENOSPC" });
    vi.restoreAllMocks();

    const reports: CorruptFileReport[] = [];
    const store = new PersistBase(basename(dir), join(dir, ".."), {
      codec: zodCodec("value", z.object({ value: z.string() })),
      onCorrupt: (r) => void reports.push(r),
    });
    await store.waitForInit();
    expect(await store.hasValue("a")).toBe(false);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toContain("is not valid JSON");
  });

  it("recognises write-file-atomic's temp names, and only them", async () => {
    let temp = "";
    await writeFileAtomic(target, "{}", { tmpfileCreated: (name) => void (temp = basename(name)) });
    expect(nodeFs.isTempFile(temp)).toBe(true);
    expect(nodeFs.isTempFile("a.json")).toBe(false);
    expect(nodeFs.isTempFile("a.json.corrupt-1700000000000")).toBe(false);
  });
});

describe("NodeFileSystem.syncDir", () => {
  const handleSync = async (): Promise<{ sync: () => Promise<void> }> => {
    const handle = await open(dir, "r");
    const proto = Object.getPrototypeOf(handle) as { sync: () => Promise<void> };
    await handle.close();
    return proto;
  };

  it("fsyncs the directory through a handle opened on it", async () => {
    const proto = await handleSync();
    const spy = vi.spyOn(proto, "sync");
    await nodeFs.syncDir(dir);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("throws when the directory fsync fails, without retrying it", async () => {
    const proto = await handleSync();
    const spy = vi.spyOn(proto, "sync").mockRejectedValue(Object.assign(new Error("EIO: injected"), { code: "EIO" }));
    await expect(nodeFs.syncDir(dir)).rejects.toMatchObject({ code: "EIO" });
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
