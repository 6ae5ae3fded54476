import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeCommitEffects } from "../../persist/src/transitions/commit-effect.fixture.js";
import { BTC, ETH, event, opened, pairState, row } from "../../persist/src/live-state.fixture.js";
import { streamKey } from "./keys.js";
import { connectTestRedis, testStorage } from "./test-redis.fixture.js";

let redis: Awaited<ReturnType<typeof connectTestRedis>>;
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => redis.close());

describeCommitEffects("redis", async () => {
  const storage = testStorage(redis);
  await storage.acquire({ symbol: "BTCUSDT", strategyName: "trend" });
  return { commitEffect: async (effect) => (await storage.commitEffect(effect)).events, readSnapshot: (scope) => storage.readSnapshot(scope) };
});

describe("redis storage", () => {
  it("writes a change and its events in one step: state, risk slots and the pair's stream", async () => {
    const storage = testStorage(redis);
    await storage.acquire(BTC);
    await storage.acquire(ETH);
    const s1 = row(BTC, "s1");
    await storage.commit(BTC, { kind: "schedule", row: s1 }, [event("s1:scheduled")]);
    const commit = await storage.commit(BTC, [{ kind: "activate", row: opened(s1), riskNames: [...BTC.riskNames] }], [event("s1:opened")]);
    await storage.commit(ETH, { kind: "open", row: opened(row(ETH, "e1")), riskNames: [...ETH.riskNames] }, [event("e1:opened")]);
    const scope = { pairs: [BTC, ETH] };
    const snapshot = await storage.readSnapshot(scope);
    expect(pairState(snapshot, BTC)).toMatchObject({ signal: "s1", schedule: null, slots: { portfolio: "s1", "btc-desk": "s1" } });
    expect(pairState(snapshot, ETH)).toMatchObject({ signal: "e1", slots: { portfolio: "e1" } });
    const entries = await redis.sendCommand<unknown[]>(["XRANGE", streamKey(storage.namespace, BTC), "-", "+"]);
    expect(entries).toHaveLength(2);
    expect(commit.streamIds).toHaveLength(1);
    expect(JSON.stringify(entries)).toContain("s1:opened");
    // Nothing to recover: a commit is never half done.
    expect((await storage.recover(scope)).writes).toEqual([]);
  });

  it("refuses a value its codec rejects before anything is written, naming the field and value", async () => {
    const storage = testStorage(redis);
    await storage.acquire(BTC);
    const bad = row(BTC, "s1", { priceOpen: -5 });
    await expect(storage.commit(BTC, { kind: "schedule", row: bad }, [event("x")])).rejects.toThrow(/priceOpen = -5/);
    const snapshot = await storage.readSnapshot({ pairs: [BTC] });
    expect(pairState(snapshot, BTC).schedule).toBeNull();
    expect(await redis.sendCommand(["XLEN", streamKey(storage.namespace, BTC)])).toBe(0);
  });

  it("refuses a commit from an owner whose token was superseded, and that owner says it lost the pair", async () => {
    const namespace = testStorage(redis).namespace;
    const first = testStorage(redis, { namespace, lease: { ttlMs: 50 } });
    const second = testStorage(redis, { namespace, lease: { ttlMs: 10_000 } });
    const old = await first.acquire(BTC);
    expect(await second.acquire(BTC)).toBeNull();
    // Simulate a pause: the old owner stops renewing and its lease runs out while it sleeps.
    await redis.sendCommand(["PEXPIRE", `${namespace}/lease/{BTCUSDT_trend}`, "1"]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const taken = await second.acquire(BTC);
    expect(taken!.token).toBeGreaterThan(old!.token);
    const lost: string[] = [];
    old!.onLost((error) => lost.push(error.message));
    await expect(first.commit(BTC, { kind: "schedule", row: row(BTC, "late") }, [event("late")])).rejects.toMatchObject({ name: "LeaseLostError" });
    expect(lost[0]).toMatch(/fencing token 1 is older than the current 2/);
    await second.commit(BTC, { kind: "schedule", row: row(BTC, "s2") }, [event("s2")]);
    expect(pairState(await second.readSnapshot({ pairs: [BTC] }), BTC).schedule).toBe("s2");
    expect(await redis.sendCommand(["XLEN", streamKey(namespace, BTC)])).toBe(1);
  });

  it("recovery applies persist's reconcile rules, through fenced writes, to keys something else left inconsistent", async () => {
    const storage = testStorage(redis);
    await storage.acquire(BTC);
    const s1 = row(BTC, "s1");
    await storage.commit(BTC, { kind: "schedule", row: s1 });
    // As a half-done activation would leave files: the signal open and its schedule still there.
    const signalKey = `${storage.namespace}/signal/{BTCUSDT_trend}`;
    await redis.sendCommand(["HSET", signalKey, "BTCUSDT", JSON.stringify(opened(s1))]);
    const plan = await storage.recover({ pairs: [BTC] });
    expect(plan.writes.length).toBeGreaterThan(0);
    const state = pairState(await storage.readSnapshot({ pairs: [BTC] }), BTC);
    expect(state).toMatchObject({ signal: "s1", schedule: null, slots: { portfolio: "s1", "btc-desk": "s1" } });
    expect((await storage.recover({ pairs: [BTC] })).writes).toEqual([]);
  });

  it("lets fencing, not time, decide: an owner whose lease ran out with nobody taking over still commits and renews", async () => {
    const storage = testStorage(redis, { lease: { ttlMs: 20, renewEveryMs: 60_000 } });
    const lease = await storage.acquire(BTC);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await redis.sendCommand(["EXISTS", `${storage.namespace}/lease/{BTCUSDT_trend}`])).toBe(0);
    await storage.commit(BTC, { kind: "schedule", row: row(BTC, "s1") }, [event("s1")]);
    expect(await lease!.renew()).toBe(true);
    expect(lease!.lost).toBeUndefined();
    expect(await testStorage(redis, { namespace: storage.namespace }).acquire(BTC)).toBeNull();
  });

  it("refuses a commit for a pair this process never acquired", async () => {
    const storage = testStorage(redis);
    await expect(storage.commit(BTC, { kind: "schedule", row: row(BTC, "s1") })).rejects.toThrow(/does not own BTCUSDT\/trend: call acquire first/);
  });
});
