import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { releaseWriterLocks } from "../fs/writer-lock.js";
import { bundleChild } from "../torture/bundle-child.fixture.js";
import { PersistBase } from "./file-store.js";

/**
 * A real file with mode 000 (issue 12: init named the directory, not the file). Root reads any
 * file whatever its mode, so as root the store is opened by a child process running as `nobody`;
 * otherwise by this process. Either way the kernel refuses the open, not a test double.
 */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
let root: string;
let child: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "persist-unreadable-"));
  child = join(root, "writer-lock-child.mjs");
  await bundleChild(new URL("../fs/writer-lock-child.fixture.ts", import.meta.url), child);
});
afterAll(async () => {
  await releaseWriterLocks();
  await rm(root, { recursive: true, force: true });
});

/** Initialises the `orders` store of `dir` as nobody (when root) and returns the refusal: code and message. */
const initAsOther = (dir: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const process = spawn(globalThis.process.execPath, [child, dir], { uid: NOBODY, gid: NOBODY, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    process.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    process.on("error", reject);
    process.on("close", () => resolve(out.trim()));
  });

it("a mode-000 file fails init with permission_denied naming that file and its id, not the directory", async () => {
  const dir = join(root, "data");
  await mkdir(join(dir, "orders"), { recursive: true });
  await writeFile(join(dir, "orders", "a.json"), JSON.stringify({ name: "a", qty: 1 }));
  await chmod(join(dir, "orders", "a.json"), 0o000);
  const file = join(dir, "orders", "a.json");
  const expected = `Cannot initialise value "a" of "orders": permission denied (EACCES) at ${file}; check the owner and mode of the directory.`;
  if (asRoot) {
    // nobody may enter and write everything but the file itself (the lock goes in the base directory).
    for (const path of [root, child, dir, join(dir, "orders")]) await chmod(path, 0o777);
    expect(await initAsOther(dir)).toBe(`refused permission_denied ${expected}`);
  } else {
    await expect(new PersistBase("orders", dir).waitForInit()).rejects.toMatchObject({ code: "permission_denied", id: "a", path: file, message: expected });
  }
});
