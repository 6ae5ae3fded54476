import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { fingerprintReplay, parseJournal, replayJournal } from "@tickfold/core";
import { describe, expect, it } from "vitest";
import { runInNodeWorker } from "../embed/node-worker.js";
import { replayCli } from "./cli.js";
import { journalText, LIVE_SESSION_FILE, recordLiveSession } from "./live-session.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const shipped = readFileSync(LIVE_SESSION_FILE, "utf8");

const runCli = (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = replayCli(args, ROOT, (line) => void out.push(line), (line) => void err.push(line));
  return { code, out, err };
};

describe("pnpm replay", () => {
  it("prints the fingerprint the README gives for the shipped live session", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const documented = /live-session\.journal\.jsonl[\s\S]*?fingerprint: ([0-9a-f]{64})/.exec(readme)?.[1];
    expect(documented, "README states the shipped session's fingerprint").toBeDefined();
    const { stdout } = await promisify(execFile)("pnpm", ["--silent", "replay", "examples/data/live-session.journal.jsonl"], { cwd: ROOT });
    expect(stdout).toContain(`fingerprint: ${documented}\n`);
    expect(stdout).toMatch(/^inputs: \d+ \(tick \d+, proposal \d+, risk \d+\); restarts: 0$/m);
    expect(stdout).toMatch(/^events: .*signal\.opened \d+/m);
    expect(stdout).toMatch(/^final phase: \w+/m);
  }, 60_000);

  it("ships the session its recording script writes, byte for byte", () => {
    expect(journalText(recordLiveSession())).toBe(shipped);
    expect(shipped.split("\n").length).toBeGreaterThan(3000);
  });

  it("prints the effect stream as JSONL with --events", () => {
    const { code, out } = runCli(["examples/data/live-session.journal.jsonl", "--events"]);
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(500);
    const types = new Set(out.map((line) => (JSON.parse(line) as { type: string }).type));
    expect([...types].sort()).toEqual(["checkRisk", "commit", "emit", "releaseRisk", "requestProposal"].sort());
  });

  it("exits 1 with the line number of a bad line, 2 on a usage error", () => {
    const dir = mkdtempSync(join(tmpdir(), "tickfold-replay-"));
    const bad = join(dir, "bad.jsonl");
    const lines = shipped.split("\n");
    lines[99] = lines[99]!.replace('"kind":"tick"', '"kind":"tock"');
    writeFileSync(bad, lines.join("\n"));
    const failed = runCli([bad]);
    expect(failed.code).toBe(1);
    expect(failed.out).toEqual([]);
    expect(failed.err).toHaveLength(1);
    expect(failed.err[0]).toMatch(/bad\.jsonl: journal line 100: input\.kind = "tock": /);
    expect(runCli([]).code).toBe(2);
    expect(runCli([bad, "--evnts"]).err[0]).toMatch(/^unknown option --evnts/);
  });
});

describe("the shipped journal in a node:worker_threads Worker", () => {
  it("replays to the fingerprint of the main thread", async () => {
    const inWorker = await runInNodeWorker<string>(new URL("./journal-worker.ts", import.meta.url), shipped);
    expect(inWorker).toMatch(/^[0-9a-f]{64}$/);
    expect(inWorker).toBe(fingerprintReplay(replayJournal(shipped)));
  });
});
