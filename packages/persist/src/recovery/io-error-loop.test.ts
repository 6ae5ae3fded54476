import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { BTC, ETH, event, opened, pairState, row } from "../live-state.fixture.js";
import type { OutboxEvent } from "../outbox/outbox-record.js";
import { createPersistence, type Persistence } from "../persistence.js";
import { SimulatedDisk, type DiskCall } from "../testing/simulated-disk.js";

/**
 * SQLite's I/O-error test, on a realistic change: an activation committed and delivered
 * (outbox record, signal, two risk slots, schedule, acknowledgement), with the N-th disk call
 * failing for every N. A transient fault fails that one call; a persistent one fails it and every
 * call after it, as a disk that went bad does. After the failure the process first tries to
 * recover on its own; then it restarts (kill, or power loss) and recovers on a healthy disk. Every
 * time, the pair must be exactly before or exactly after the change, nothing may be set aside as
 * corrupt, no temp file may survive init, and the change's events must be delivered or pending
 * exactly when its state survived.
 */

type State = ReturnType<typeof pairState>;
const SCOPE = { pairs: [BTC, ETH] };
const scheduled = row(BTC, "s1");
const active = opened(scheduled);
const EVENTS = ["s1:opened"];
const before: State = { signal: null, pendingAt: null, schedule: "s1", partial: {}, slots: {} };
const after: State = { signal: "s1", pendingAt: active.pendingAt, schedule: null, partial: {}, slots: { portfolio: "s1", "btc-desk": "s1" } };

const on = (disk: SimulatedDisk, corrupt: string[]): Persistence =>
  createPersistence({ baseDir: "/data", fs: disk, onCorrupt: (report) => void corrupt.push(report.message) });

const activate = (p: Persistence, delivered: OutboxEvent[]) =>
  p.commitAndDeliver(BTC, { kind: "activate", row: active, riskNames: [...BTC.riskNames] }, [event("s1:opened")], (e) => void delivered.push(e));

const setUp = async (): Promise<SimulatedDisk> => {
  const disk = new SimulatedDisk();
  const p = on(disk, []);
  await p.commitAndDeliver(ETH, { kind: "open", row: opened(row(ETH, "e1")), riskNames: ["portfolio"] }, [], () => undefined);
  await p.commitAndDeliver(BTC, { kind: "schedule", row: scheduled }, [], () => undefined);
  return disk;
};

const ERRNOS = ["EIO", "ENOSPC"] as const;

describe("an I/O error at every disk call of a change, transient and persistent", () => {
  it("always recovers to before or after, with nothing corrupt, no temp file and no lost or invented event", async () => {
    const base = await setUp();
    const traced = base.reopen();
    await activate(on(traced, []), []);
    const calls = traced.calls.length;
    const ethBefore = pairState(await on(base.reopen(), []).readSnapshot(SCOPE), ETH);
    let faults = 0;
    let restarts = 0;

    for (const errno of ERRNOS) {
      for (const mode of ["transient", "persistent"] as const) {
        for (let n = 0; n < calls; n += 1) {
          const failing = (call: DiskCall): string | undefined => (call.index === n || (mode === "persistent" && call.index > n) ? errno : undefined);
          const disk = base.reopen({ fault: failing });
          const delivered: OutboxEvent[] = [];
          const corrupt: string[] = [];
          const where = `${errno} ${mode} at call ${n} of ${calls} (${traced.calls[n]!.op} ${traced.calls[n]!.path})`;
          const returned = await activate(on(disk, corrupt), delivered).then(() => true, () => false);
          expect(returned, where).toBe(false);
          faults += 1;

          // The live process tries to recover in place: after a transient fault it must succeed.
          const inPlace = await on(disk, corrupt).recover(SCOPE).then((plan) => plan, () => undefined);
          if (mode === "transient") {
            expect(inPlace, `${where}: in-place recovery`).toBeDefined();
            const state = pairState(inPlace!.resolved, BTC);
            expect([before, after], where).toContainEqual(state);
          }

          const outcomes = { restart: disk.afterProcessCrash(), "power loss": disk.afterPowerLoss(), "power loss, torn and reordered": disk.afterPowerLoss({ chaos: n }) };
          for (const [how, restarted] of Object.entries(outcomes)) {
            const at = `${where}, then ${how}`;
            const plan = await on(restarted, corrupt).recover(SCOPE);
            restarts += 1;
            const state = pairState(plan.resolved, BTC);
            expect([before, after], at).toContainEqual(state);
            expect(pairState(plan.resolved, ETH), `${at}: the other pair`).toEqual(ethBefore);
            expect(restarted.files().filter((path) => restarted.isTempFile(path.split("/").at(-1)!)), `${at}: temp files`).toEqual([]);
            const pending = plan.redeliver.flatMap((record) => record.events.map((e) => e.id));
            const reached = EVENTS.filter((id) => pending.includes(id) || delivered.some((e) => e.id === id));
            expect(reached, `${at}: events`).toEqual(isDeepStrictEqual(state, after) ? EVENTS : []);
          }
          expect(corrupt, where).toEqual([]);
        }
      }
    }
    console.log(`I/O-error loop: ${calls} disk calls per change, faults tried=${faults} (EIO and ENOSPC, transient and persistent), restarts checked=${restarts}`);
    expect(faults).toBe(ERRNOS.length * 2 * calls);
  });
});
