import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { BTC, ETH, event, opened, pairState, row } from "../live-state.fixture.js";
import type { OutboxEvent } from "../outbox/outbox-record.js";
import { createPersistence, type Persistence } from "../persistence.js";
import { SimulatedDisk } from "../testing/simulated-disk.js";
import type { RecoveryPlan } from "./plan-recovery.js";

/**
 * Every crash point of every kind of change, on the simulated disk: the process is killed before
 * each disk call of the change (and, separately, the power goes out there), then a new process
 * recovers. The pair must end exactly before or exactly after the change, never in between, and
 * the change's events must be redelivered exactly when its state survived. The power loss comes in
 * three forms: only fsynced state survives; directory changes survive without their data; and, in
 * several random draws, any subset of the unsynced directory changes survives in any order while
 * unsynced file bytes come back torn sector by sector. Recovery itself is then killed before each
 * of its own writes, and must still reach the same end.
 */

type State = ReturnType<typeof pairState>;
const SCOPE = { pairs: [BTC, ETH] };
/** Draws of the torn-and-reordered power loss per crash point. */
const CHAOS_DRAWS = 3;
/**
 * Where recovery is cut (as a process crash, which keeps the page cache). fsyncs of files and
 * directories are left out: they change nothing a killed process leaves behind, so a cut before
 * one leaves the same disk as a cut before the next write, which is tried anyway.
 */
const WRITES = new Set(["mkdir", "open", "write", "close", "rename", "unlink"]);

const persistenceOn = (disk: SimulatedDisk): Persistence => createPersistence({ baseDir: "/data", fs: disk, onCorrupt: () => undefined });

const recoverOn = async (disk: SimulatedDisk): Promise<{ plan: RecoveryPlan; state: State; eth: State }> => {
  const plan = await persistenceOn(disk).recover(SCOPE);
  return { plan, state: pairState(plan.resolved, BTC), eth: pairState(plan.resolved, ETH) };
};

const eventIds = (plan: RecoveryPlan): string[] => plan.redeliver.flatMap((record) => record.events.map((e) => e.id));

interface Scenario {
  readonly name: string;
  /** Brings the disk to the state before the change; its events are delivered and acknowledged. */
  readonly setup: (p: Persistence) => Promise<void>;
  readonly change: (p: Persistence, delivered: OutboxEvent[]) => Promise<unknown>;
  readonly events: ReadonlyArray<string>;
  readonly before: State;
  readonly after: State;
}

const scheduled = row(BTC, "s1");
const active = opened(scheduled);
const levels = { profitLevels: [10, 20], lossLevels: [] };
const BOTH = [...BTC.riskNames];
const slots = { portfolio: "s1", "btc-desk": "s1" };
const idle: State = { signal: null, pendingAt: null, schedule: null, partial: {}, slots: {} };
const waiting: State = { ...idle, schedule: "s1" };
const holding: State = { signal: "s1", pendingAt: active.pendingAt, schedule: null, partial: {}, slots };
const withLevels: State = { ...holding, partial: { s1: levels } };

const settled = async (p: Persistence, steps: ReadonlyArray<Parameters<Persistence["commit"]>[1]>): Promise<void> => {
  await p.commit(ETH, { kind: "open", row: opened(row(ETH, "e1")), riskNames: ["portfolio"] }).then((r) => p.acknowledge(ETH, r.seq));
  for (const change of steps) await p.commitAndDeliver(BTC, change, [], () => undefined);
};

const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "schedule",
    setup: (p) => settled(p, []),
    change: (p) => p.commit(BTC, { kind: "schedule", row: scheduled }, [event("s1:scheduled")]),
    events: ["s1:scheduled"],
    before: idle,
    after: waiting,
  },
  {
    name: "cancel",
    setup: (p) => settled(p, [{ kind: "schedule", row: scheduled }]),
    change: (p) => p.commit(BTC, { kind: "cancel", row: scheduled }, [event("s1:cancelled")]),
    events: ["s1:cancelled"],
    before: waiting,
    after: idle,
  },
  {
    name: "market open",
    setup: (p) => settled(p, []),
    change: (p) => p.commit(BTC, { kind: "open", row: active, riskNames: BOTH }, [event("s1:opened")]),
    events: ["s1:opened"],
    before: idle,
    after: holding,
  },
  {
    name: "activation",
    setup: (p) => settled(p, [{ kind: "schedule", row: scheduled }]),
    change: (p) => p.commit(BTC, { kind: "activate", row: active, riskNames: BOTH }, [event("s1:opened")]),
    events: ["s1:opened"],
    before: waiting,
    after: holding,
  },
  {
    name: "milestone",
    setup: (p) => settled(p, [{ kind: "open", row: active, riskNames: BOTH }]),
    change: (p) => p.commit(BTC, { kind: "milestone", signalId: "s1", levels }, [event("s1:profit:10", "partialProfit"), event("s1:profit:20", "partialProfit")]),
    events: ["s1:profit:10", "s1:profit:20"],
    before: holding,
    after: withLevels,
  },
  {
    name: "close",
    setup: (p) => settled(p, [{ kind: "open", row: active, riskNames: BOTH }, { kind: "milestone", signalId: "s1", levels }]),
    change: (p) => p.commit(BTC, { kind: "close", row: active, riskNames: BOTH }, [event("s1:closed")]),
    events: ["s1:closed"],
    before: withLevels,
    after: idle,
  },
  {
    name: "delivery and acknowledgement of a close",
    setup: (p) => settled(p, [{ kind: "open", row: active, riskNames: BOTH }]),
    change: async (p, delivered) => {
      const record = await p.commit(BTC, { kind: "close", row: active, riskNames: BOTH }, [event("s1:closed")]);
      // The cut points below start after the commit: this scenario is about steps 2 and 3.
      await p.deliver([record], (e) => void delivered.push(e));
    },
    events: ["s1:closed"],
    before: holding,
    after: idle,
  },
];

describe("every crash point of a change resolves to the state before or after it", () => {
  for (const scenario of scenarios) {
    it(`${scenario.name}: killed or powered off before each disk call, and again during recovery`, async () => {
      const base = new SimulatedDisk();
      await scenario.setup(persistenceOn(base));
      const eth = (await recoverOn(base.reopen())).eth;
      expect((await recoverOn(base.reopen())).state).toEqual(scenario.before);

      const traced = base.reopen();
      await scenario.change(persistenceOn(traced), []);
      const completed = traced.calls.length;
      expect((await recoverOn(traced.reopen())).state).toEqual(scenario.after);

      let recoveryCuts = 0;
      for (let crashAt = 0; crashAt <= completed; crashAt += 1) {
        const disk = base.reopen({ crashAt });
        const delivered: OutboxEvent[] = [];
        const returned = await scenario.change(persistenceOn(disk), delivered).then(() => true, () => false);
        expect(returned).toBe(crashAt === completed);
        const outcomes: Record<string, SimulatedDisk> = {
          "process crash": disk.afterProcessCrash(),
          "power loss": disk.afterPowerLoss(),
          "power loss, metadata first": disk.afterPowerLoss({ keepUnsyncedEntries: true }),
        };
        // Torn sectors and reordered metadata: several independent draws per crash point.
        for (let seed = 0; seed < CHAOS_DRAWS; seed += 1) outcomes[`power loss, torn and reordered (draw ${seed})`] = disk.afterPowerLoss({ chaos: crashAt * 1000 + seed });
        for (const [how, after] of Object.entries(outcomes)) {
          const where = `${how} at call ${crashAt} of ${completed}`;
          const { plan, state, eth: ethAfter } = await recoverOn(after.reopen());
          expect([scenario.before, scenario.after], where).toContainEqual(state);
          // A commit that returned is durable: not even a power loss takes it back.
          if (returned) expect(state, where).toEqual(scenario.after);
          expect(ethAfter, `${where}: the other pair is untouched`).toEqual(eth);
          // Events: a change that survived has each of its events delivered or pending redelivery;
          // one that did not has none, neither delivered nor invented.
          const pending = eventIds(plan);
          const reached = scenario.events.filter((id) => pending.includes(id) || delivered.some((e) => e.id === id));
          const survived = isDeepStrictEqual(state, scenario.after);
          expect(reached, `${where}: events of the change`).toEqual(survived ? scenario.events : []);
          if (!survived) expect(pending, `${where}: no event is invented`).toEqual([]);

          // Recovery killed before each of its own writes reaches the same end.
          if (how !== "process crash") continue;
          const recoveryTrace = after.reopen();
          await persistenceOn(recoveryTrace).recover(SCOPE);
          for (const call of recoveryTrace.calls.filter((c) => WRITES.has(c.op))) {
            const cut = after.reopen({ crashAt: call.index });
            await expect(persistenceOn(cut).recover(SCOPE)).rejects.toBeDefined();
            const again = await recoverOn(cut.afterProcessCrash());
            expect(again.state, `${where}, recovery cut at ${call.index}`).toEqual(state);
            expect(eventIds(again.plan), `${where}, recovery cut at ${call.index}`).toEqual(pending);
            recoveryCuts += 1;
          }
        }
      }
      expect(recoveryCuts).toBeGreaterThan(0);
    });
  }
});
