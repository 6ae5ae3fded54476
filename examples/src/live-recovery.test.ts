import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const script = fileURLToPath(new URL("./live-recovery.ts", import.meta.url));

it("pnpm live-recovery: killed mid-position, restarted, restores the position and milestones, loses and duplicates nothing", { timeout: 120_000 }, () => {
  const output = execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" });
  expect(output).toMatch(/^killed: SIGKILL after \d+ events \(position swing:BTCUSDT:\d+:opened open, milestone swing:BTCUSDT:\d+:(profit|loss):\d+\)$/m);
  expect(output).toMatch(/^restored: milestones reached profit \[[\d, ]*\] loss \[[\d, ]*\]; 1 committed record\(s\) to redeliver$/m);
  expect(output).toMatch(/^restored: open (long|short) position swing:BTCUSDT:\d+ on BTCUSDT, entry [\d.]+$/m);
  const summary = /^live recovery: events=(\d+) received=(\d+) redelivered=(\d+) lost=(\d+) duplicated=(\d+)$/m.exec(output);
  expect(summary, output).not.toBeNull();
  const [, events, received, redelivered, lost, duplicated] = summary!.map(Number);
  expect(events).toBeGreaterThan(20);
  expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
  expect(redelivered).toBeGreaterThan(0);
  expect(received).toBe(events! + redelivered!);
});
