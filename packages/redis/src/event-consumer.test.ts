import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { row } from "../../persist/src/live-state.fixture.js";
import { bundleChild } from "../../persist/src/torture/bundle-child.fixture.js";
import { startChild, type Child } from "./child-process.fixture.js";
import { streamKey } from "./keys.js";
import { connectTestRedis, testStorage } from "./test-redis.fixture.js";

let work: string;
let script: string;
let redis: Awaited<ReturnType<typeof connectTestRedis>>;
const running: Child[] = [];
const BTC = { symbol: "BTCUSDT", strategyName: "trend" };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tickfold-consumer-"));
  script = join(work, "consumer-child.mjs");
  await bundleChild(new URL("./consumer-child.fixture.ts", import.meta.url), script);
  redis = await connectTestRedis();
});
afterAll(async () => {
  for (const child of running) child.process.kill("SIGKILL");
  await redis.close();
  await rm(work, { recursive: true, force: true });
});

const idsOf = (child: Child): string[] => child.lines.filter((line) => line.startsWith("got ")).map((line) => line.slice(4));

describe("events across processes through a consumer group", () => {
  it("a consumer killed mid-batch loses nothing: another reclaims its pending events and delivers them with the same ids", async () => {
    const storage = testStorage(redis);
    await storage.acquire(BTC);
    const committed: string[] = [];
    for (let n = 1; n <= 120; n++) {
      const id = `s${n}:scheduled`;
      await storage.commit(BTC, { kind: "schedule", row: row(BTC, `s${n}`) }, [{ id, topic: "signal", payload: { id, backtest: false } }]);
      committed.push(id);
    }
    const first = startChild(script, [process.env.REDIS_URL!, storage.namespace, "first", "300", "s25:scheduled"]);
    running.push(first);
    await first.waitFor(/^got s25:scheduled$/);
    first.process.kill("SIGKILL");
    await first.exited;
    const second = startChild(script, [process.env.REDIS_URL!, storage.namespace, "second", "300"]);
    running.push(second);
    await second.waitFor(/^got s120:scheduled$/);
    // Whatever the first had not acknowledged is reclaimed once idle; wait until nothing is pending.
    for (let pending = 1; pending > 0; ) {
      const summary = await redis.sendCommand<[number, ...unknown[]]>(["XPENDING", streamKey(storage.namespace, BTC), "monitor"]);
      pending = Number(summary[0]);
      if (pending > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    second.process.kill("SIGKILL");
    await second.exited;

    const seenFirst = idsOf(first);
    const seenSecond = idsOf(second);
    expect(new Set([...seenFirst, ...seenSecond])).toEqual(new Set(committed));
    // The first died inside the batch s21…s30, unacknowledged: the second delivers the ones the
    // first had already handed to its listener again, under the same ids.
    const redelivered = seenSecond.filter((id) => seenFirst.includes(id));
    expect(redelivered).toEqual(["s21:scheduled", "s22:scheduled", "s23:scheduled", "s24:scheduled", "s25:scheduled"]);
  });
});
