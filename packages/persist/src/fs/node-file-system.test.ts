import { promises as fsp } from "node:fs";
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NodeFileSystem } from "./node-file-system.js";

/**
 * The production write path, on a real directory, with Node's own calls failing underneath it:
 * every step of the atomic replace, and short writes.
 */
const injected = (errno: string): NodeJS.ErrnoException => Object.assign(new Error(`${errno}: injected`), { code: errno });

const nodeFs = new NodeFileSystem();
let dir: string;
let target: string;
let handleProto: FileHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "persist-node-fs-"));
  target = join(dir, "a.json");
  await writeFile(target, '{"v":1}');
  const handle = await fsp.open(target, "r");
  handleProto = Object.getPrototypeOf(handle) as FileHandle;
  await handle.close();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const V2 = new TextEncoder().encode('{"v":2}');

describe("NodeFileSystem.replaceFile", () => {
  it("replaces the file and leaves nothing else in the directory", async () => {
    await nodeFs.replaceFile(target, V2);
    expect(await readFile(target, "utf8")).toBe('{"v":2}');
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("fsyncs the temp file exactly once, checks its size, then renames it", async () => {
    const order: string[] = [];
    const realSync = handleProto.sync;
    const realStat = handleProto.stat;
    const realRename = fsp.rename;
    vi.spyOn(handleProto, "sync").mockImplementation(function (this: FileHandle) {
      order.push("fsync");
      return realSync.call(this);
    });
    vi.spyOn(handleProto, "stat").mockImplementation(function (this: FileHandle) {
      order.push("stat");
      return realStat.call(this) as never;
    });
    vi.spyOn(fsp, "rename").mockImplementation((from, to) => {
      order.push("rename");
      return realRename(from, to);
    });
    await nodeFs.replaceFile(target, V2);
    expect(order).toEqual(["fsync", "stat", "rename"]);
  });

  type Step = "open" | "write" | "sync" | "stat" | "close" | "rename";
  const fail = (step: Step, errno: string): void => {
    if (step === "open" || step === "rename") vi.spyOn(fsp, step).mockRejectedValue(injected(errno));
    else if (step === "close") {
      // close is an own property of each handle: patch the handles open hands out. A failing close
      // still releases the descriptor, as the kernel does.
      const realOpen = fsp.open;
      vi.spyOn(fsp, "open").mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
        const handle = await realOpen(...args);
        const realClose = handle.close.bind(handle);
        handle.close = async () => {
          await realClose();
          throw injected(errno);
        };
        return handle;
      });
    } else {
      vi.spyOn(handleProto, step).mockRejectedValue(injected(errno) as never);
    }
  };
  for (const step of ["open", "write", "sync", "stat", "close", "rename"] as const) {
    for (const errno of ["ENOSPC", "EIO", "EACCES", "EBUSY"]) {
      it(`${step} failing with ${errno}: rejects with it, keeps the old file, removes the temp file, never fsyncs twice`, async () => {
        const syncs = vi.spyOn(handleProto, "sync");
        fail(step, errno);
        await expect(nodeFs.replaceFile(target, V2)).rejects.toMatchObject({ code: errno });
        expect(syncs.mock.calls.length).toBeLessThanOrEqual(1);
        vi.restoreAllMocks();
        expect(await readFile(target, "utf8")).toBe('{"v":1}');
        expect(await readdir(dir)).toEqual(["a.json"]);
      });
    }
  }

  it("goes on after a short write until every byte is written", async () => {
    const realWrite = handleProto.write as (...args: unknown[]) => Promise<{ bytesWritten: number }>;
    const write = vi.spyOn(handleProto, "write").mockImplementation(function (this: FileHandle, buffer: unknown, offset: unknown, length: unknown, position: unknown) {
      return realWrite.call(this, buffer, offset, Math.max(1, Math.floor((length as number) / 2)), position);
    } as never);
    const data = new TextEncoder().encode(JSON.stringify({ value: "x".repeat(100) }));
    await nodeFs.replaceFile(target, data);
    expect(write.mock.calls.length).toBeGreaterThan(1);
    expect(new Uint8Array(await readFile(target))).toEqual(data);
  });

  it("fails a write that makes no progress with ENOSPC, before the rename: the old file stands", async () => {
    vi.spyOn(handleProto, "write").mockResolvedValue({ bytesWritten: 0, buffer: new Uint8Array() } as never);
    await expect(nodeFs.replaceFile(target, V2)).rejects.toMatchObject({ code: "ENOSPC" });
    vi.restoreAllMocks();
    expect(await readFile(target, "utf8")).toBe('{"v":1}');
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("fails when the fsynced temp file is shorter than the data, before the rename", async () => {
    const realStat = handleProto.stat;
    vi.spyOn(handleProto, "stat").mockImplementation(async function (this: FileHandle) {
      const stat = await realStat.call(this);
      return Object.assign(stat, { size: Number(stat.size) - 1 });
    } as never);
    await expect(nodeFs.replaceFile(target, V2)).rejects.toMatchObject({ code: "ENOSPC", message: expect.stringContaining("short write, 6 of 7 bytes") });
    vi.restoreAllMocks();
    expect(await readFile(target, "utf8")).toBe('{"v":1}');
  });

  it("replaces a symbolic link at the target instead of writing through it", async () => {
    const outside = join(dir, "outside.txt");
    await writeFile(outside, "keep me");
    const link = join(dir, "b.json");
    await symlink(outside, link);
    await nodeFs.replaceFile(link, V2);
    expect(await readFile(outside, "utf8")).toBe("keep me");
    expect(await nodeFs.kindOf(link)).toBe("file");
    expect(await readFile(link, "utf8")).toBe('{"v":2}');
  });

  it("recognises its own temp names, and only them", async () => {
    let temp = "";
    const realRename = fsp.rename;
    vi.spyOn(fsp, "rename").mockImplementation((from, to) => {
      temp = String(from).split("/").at(-1)!;
      return realRename(from, to);
    });
    await nodeFs.replaceFile(target, V2);
    expect(nodeFs.isTempFile(temp)).toBe(true);
    for (const name of ["a.json", "a.json.corrupt-1700000000000", "BTCUSDT.json.2024", "a.json.3735928559", "a.json.tmp-12"]) {
      expect(nodeFs.isTempFile(name), name).toBe(false);
    }
  });
});

describe("NodeFileSystem.readFile", () => {
  it("refuses a file over the limit without reading it", async () => {
    const read = vi.spyOn(handleProto, "read");
    await expect(nodeFs.readFile(target, 3)).rejects.toMatchObject({ code: "EFBIG" });
    expect(read).not.toHaveBeenCalled();
  });

  it("never follows a symbolic link", async () => {
    const link = join(dir, "link.json");
    await symlink(target, link);
    await expect(nodeFs.readFile(link, 1000)).rejects.toMatchObject({ code: "ELOOP" });
  });
});

describe("NodeFileSystem.syncDir", () => {
  it("fsyncs the directory through a handle opened on it", async () => {
    const spy = vi.spyOn(handleProto, "sync");
    await nodeFs.syncDir(dir);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("throws when the directory fsync fails, without retrying it", async () => {
    const spy = vi.spyOn(handleProto, "sync").mockRejectedValue(injected("EIO"));
    await expect(nodeFs.syncDir(dir)).rejects.toMatchObject({ code: "EIO" });
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
