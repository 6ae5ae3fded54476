import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { createEngine } from "tickfold";
import { momentumSweep } from "./momentum-sweep-grid.js";

const EXAMPLE = fileURLToPath(new URL("./sweep.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

it("pnpm sweep (SWEEP_GRID=small), run as a user runs it: a progress line per run, then the ranking a sweep in this process gives", { timeout: 120_000 }, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", EXAMPLE], { cwd: ROOT, env: { ...process.env, SWEEP_GRID: "small" }, encoding: "utf8" });

  // Output to a pipe: no bar, one line per finished run, in order.
  const progress = [...stdout.matchAll(/^swept (\d+)\/(\d+) runs$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 8]));
  expect(stdout).toMatch(/^tickfold sweep: momentum on BTCUSDT over 2020 Q1, 8 runs ranked by sharpeRatio$/m);
  const printed = [...stdout.matchAll(/^\s+(\d+)\s+(\d+)\s+([\d.]+)\s+(-?[\d.]+|n\/a)\s+(-?[\d.]+|n\/a)\s+(\d+)\s+([0-9a-f]{16})$/gm)].map((m) => ({
    rank: Number(m[1]),
    params: { lookback: Number(m[2]), takeProfit: Number(m[3]) },
    sharpe: m[4],
    trades: Number(m[6]),
    fingerprint: m[7],
  }));

  // The same sweep here, on one thread: the example printed its ranking, figures and fingerprints.
  const { Sweep } = createEngine();
  const local = await Sweep.run({ ...momentumSweep("small"), threads: 1 });
  await Sweep.close();
  expect(printed).toEqual(
    local.runs.map((run) => ({ rank: run.rank, params: run.params, sharpe: run.value === null ? "n/a" : run.value.toFixed(3), trades: run.closedSignals, fingerprint: run.fingerprint })),
  );
  expect(stdout).toMatch(/^swept in [\d.]+ s$/m);
});
