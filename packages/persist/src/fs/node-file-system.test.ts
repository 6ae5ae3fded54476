import fs, { promises as fsp } from "node:fs";
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

  /** The callback-style calls write-file-atomic makes, in the order it makes them. */
  type Step = "open" | "write" | "fsync" | "close" | "rename";
  type Callback = (error: NodeJS.ErrnoException | null, ...values: unknown[]) => void;
  const spyOnFs = (step: Step, around: (real: (...args: unknown[]) => void, args: unknown[]) => void) => {
    const real = (fs[step] as (...args: unknown[]) => void).bind(fs);
    return vi.spyOn(fs, step).mockImplementation(((...args: unknown[]) => around(real, args)) as never);
  };
  const failing = (step: Step, errno: string) =>
    spyOnFs(step, (_real, args) => (args.at(-1) as Callback)(injected(errno)));

  it("stages with write-file-atomic (write, fsync once, rename), checks the size, then renames over the target", async () => {
    const order: string[] = [];
    for (const step of ["write", "fsync", "rename"] as const) {
      spyOnFs(step, (real, args) => {
        order.push(`write-file-atomic ${step}`);
        real(...args);
      });
    }
    const realLstat = fsp.lstat;
    vi.spyOn(fsp, "lstat").mockImplementation(((path: string) => {
      order.push("size check");
      return realLstat(path);
    }) as never);
    const realRename = fsp.rename;
    vi.spyOn(fsp, "rename").mockImplementation((from, to) => {
      order.push("rename over the target");
      return realRename(from, to);
    });
    await nodeFs.replaceFile(target, V2);
    expect(order).toEqual(["write-file-atomic write", "write-file-atomic fsync", "write-file-atomic rename", "size check", "rename over the target"]);
  });

  for (const step of ["open", "write", "fsync", "close", "rename"] as const) {
    for (const errno of ["ENOSPC", "EIO", "EACCES", "EBUSY"]) {
      it(`${step} failing with ${errno}: rejects with it, keeps the old file, removes the temp files, never fsyncs twice`, async () => {
        const syncs = spyOnFs("fsync", (real, args) => real(...args));
        failing(step, errno);
        await expect(nodeFs.replaceFile(target, V2)).rejects.toMatchObject({ code: errno });
        expect(syncs.mock.calls.length).toBeLessThanOrEqual(1);
        vi.restoreAllMocks();
        expect(await readFile(target, "utf8")).toBe('{"v":1}');
        expect(await readdir(dir)).toEqual(["a.json"]);
      });
    }
  }

  it("fails the final rename with its own error: the old file stands, the staged file is removed", async () => {
    vi.spyOn(fsp, "rename").mockRejectedValue(injected("EIO"));
    await expect(nodeFs.replaceFile(target, V2)).rejects.toMatchObject({ code: "EIO" });
    vi.restoreAllMocks();
    expect(await readFile(target, "utf8")).toBe('{"v":1}');
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("turns the short write write-file-atomic takes for success (a nearly full disk) into ENOSPC, before the old value is touched", async () => {
    spyOnFs("write", (real, [fd, buffer, offset, length, position, callback]) =>
      real(fd, buffer, offset, Math.floor((length as number) / 2), position, callback),
    );
    const data = new TextEncoder().encode(JSON.stringify({ value: "x".repeat(100) }));
    await expect(nodeFs.replaceFile(target, data)).rejects.toMatchObject({
      code: "ENOSPC",
      message: expect.stringContaining(`short write, ${Math.floor(data.byteLength / 2)} of ${data.byteLength} bytes`),
    });
    vi.restoreAllMocks();
    expect(await readFile(target, "utf8")).toBe('{"v":1}');
    expect(await readdir(dir)).toEqual(["a.json"]);
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

  it("recognises its own temp names (the staged file and write-file-atomic's), and only them", async () => {
    const temps: string[] = [];
    spyOnFs("rename", (real, args) => {
      temps.push(String(args[0]).split("/").at(-1)!);
      real(...args);
    });
    const realRename = fsp.rename;
    vi.spyOn(fsp, "rename").mockImplementation((from, to) => {
      temps.push(String(from).split("/").at(-1)!);
      return realRename(from, to);
    });
    await nodeFs.replaceFile(target, V2);
    expect(temps).toHaveLength(2);
    for (const temp of temps) expect(nodeFs.isTempFile(temp), temp).toBe(true);
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
