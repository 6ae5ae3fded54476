import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PersistBase } from "../store/file-store.js";
import { bundleChild } from "../torture/bundle-child.fixture.js";
import { LOCK_FOLDER, releaseWriterLocks } from "./writer-lock.js";

/** One writer per base directory, checked with real processes racing for it. */
let work: string;
let child: string;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "persist-lock-"));
  child = join(work, "writer-lock-child.mjs");
  await bundleChild(new URL("./writer-lock-child.fixture.ts", import.meta.url), child);
});
afterEach(async () => {
  for (const process of running) process.kill("SIGKILL");
  running.clear();
  await releaseWriterLocks();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Outcome {
  readonly process: ChildProcess;
  readonly line: string;
}

/** Starts a writer on `dir` and resolves with its first line: `locked <pid>` or `refused <code> <message>`. */
const startWriter = (dir: string): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const process = spawn(globalThis.process.execPath, [child, dir], { stdio: ["ignore", "pipe", "inherit"] });
    running.add(process);
    let out = "";
    process.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve({ process, line: out.split("\n")[0]! });
    });
    process.on("error", reject);
    process.on("close", (code) => {
      running.delete(process);
      if (!out.includes("\n")) reject(new Error(`writer exited (${code}) without a word`));
    });
  });

const killed = (process: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    process.once("close", () => resolve());
    process.kill("SIGKILL");
  });

/** The pid of a process that has exited: what a writer killed long ago leaves in its claim. */
const deadPid = (): Promise<number> =>
  new Promise((resolve) => {
    const process = spawn(globalThis.process.execPath, ["-e", ""]);
    process.on("close", () => resolve(process.pid!));
  });

const freshDir = async (name: string): Promise<string> => {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  return dir;
};

describe("the writer lock of a base directory", () => {
  it("refuses a second writer with an error naming the holder's pid, host and since, and lets it in once the holder is killed", async () => {
    const dir = await freshDir("two-writers");
    const first = await startWriter(dir);
    expect(first.line).toBe(`locked ${first.process.pid}`);

    const second = await startWriter(dir);
    expect(second.line).toMatch(new RegExp(`^refused locked Cannot write to ${dir}: process ${first.process.pid} on host ${hostname()} has been its writer since \\d{4}-\\d\\d-\\d\\dT`));
    // This process is refused the same way: init neither removes nor sets aside anything there.
    await writeFile(join(dir, "orders", "a.json.tmp-1-1"), "half a write of the live writer");
    await expect(new PersistBase("orders", dir).waitForInit()).rejects.toMatchObject({ code: "locked" });
    expect(await readdir(join(dir, "orders"))).toEqual(["a.json.tmp-1-1"]);

    await killed(first.process);
    const third = await startWriter(dir);
    expect(third.line).toBe(`locked ${third.process.pid}`);
  });

  it("hands a stale lock to exactly one of several processes racing for it, round after round", async () => {
    const dir = await freshDir("race");
    await mkdir(join(dir, LOCK_FOLDER));
    await writeFile(join(dir, LOCK_FOLDER, "1.json"), JSON.stringify({ pid: await deadPid(), host: hostname(), since: "2020-01-01T00:00:00.000Z" }));
    const ROUNDS = 3;
    const RACERS = 4;
    for (let round = 0; round < ROUNDS; round += 1) {
      const outcomes = await Promise.all(Array.from({ length: RACERS }, () => startWriter(dir)));
      const winners = outcomes.filter((o) => o.line.startsWith("locked "));
      expect(winners, `round ${round}: ${outcomes.map((o) => o.line).join(" | ")}`).toHaveLength(1);
      const winner = winners[0]!.process.pid;
      for (const loser of outcomes.filter((o) => o !== winners[0])) {
        expect(loser.line).toContain(`refused locked Cannot write to ${dir}: process ${winner} on host ${hostname()}`);
      }
      // The winner dies without giving the lock back: the next round races over its stale claim.
      await killed(winners[0]!.process);
    }
    // Old claims and temp files were cleaned up by the winners; one stale claim is left.
    expect((await readdir(join(dir, LOCK_FOLDER))).length).toBe(1);
  });

  it("takes over a claim that cannot be read (no live writer leaves one so)", async () => {
    const dir = await freshDir("unreadable");
    await mkdir(join(dir, LOCK_FOLDER));
    await writeFile(join(dir, LOCK_FOLDER, "7.json"), "");
    const writer = await startWriter(dir);
    expect(writer.line).toBe(`locked ${writer.process.pid}`);
  });

  it("names the other host and the file to remove when the holder runs elsewhere", async () => {
    const dir = await freshDir("other-host");
    await mkdir(join(dir, LOCK_FOLDER));
    const claim = join(dir, LOCK_FOLDER, "3.json");
    await writeFile(claim, JSON.stringify({ pid: 1, host: "far-away", since: "2026-01-02T03:04:05.000Z" }));
    await expect(new PersistBase("orders", dir).waitForInit()).rejects.toMatchObject({
      code: "locked",
      message: `Cannot write to ${dir}: process 1 on host far-away has been its writer since 2026-01-02T03:04:05.000Z, and only one process may write a directory. Stop that process first, or if host far-away no longer runs it, remove ${claim}.`,
    });
  });
});
