import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleChild } from "../../persist/src/torture/bundle-child.fixture.js";
import { startChild, type Child } from "./child-process.fixture.js";
import { streamKey } from "./keys.js";
import { connectTestRedis, freshNamespace } from "./test-redis.fixture.js";

let work: string;
let script: string;
let redis: Awaited<ReturnType<typeof connectTestRedis>>;
const running: Child[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tickfold-owner-"));
  script = join(work, "owner-child.mjs");
  await bundleChild(new URL("./owner-child.fixture.ts", import.meta.url), script);
  redis = await connectTestRedis();
});
afterAll(async () => {
  for (const child of running) child.process.kill("SIGKILL");
  await redis.close();
  await rm(work, { recursive: true, force: true });
});

const start = (namespace: string, name: string, ttlMs: number): Child => {
  const child = startChild(script, [process.env.REDIS_URL!, namespace, name, String(ttlMs)]);
  running.push(child);
  return child;
};

/** The stream's events as [id, token], oldest first. */
const committed = async (namespace: string): Promise<Array<[string, number]>> => {
  const entries = await redis.sendCommand<Array<[string, string[]]>>(["XRANGE", streamKey(namespace, { symbol: "BTCUSDT", strategyName: "trend" }), "-", "+"]);
  return entries.map(([, fields]) => {
    const payload = JSON.parse(fields[fields.indexOf("payload") + 1]!) as { id: string; token: number };
    return [payload.id, payload.token];
  });
};

describe("one owner per pair across processes", () => {
  it("a paused owner's lease runs out, another process takes over and recovers the state, and the woken owner's commits are refused", async () => {
    const namespace = freshNamespace();
    const a = start(namespace, "A", 300);
    expect(await a.waitFor(/^owner /)).toBe("owner 1 -");
    await a.waitFor(/^committed A-3 /);
    a.process.kill("SIGSTOP");
    const b = start(namespace, "B", 5_000);
    const [, token, recovered] = (await b.waitFor(/^owner /)).split(" ");
    expect(token).toBe("2");
    await b.waitFor(/^committed B-3 /);
    a.process.kill("SIGCONT");
    expect(await a.waitFor(/^lost /)).toMatch(/fencing token 1 is older than the current 2|another process took it/);
    expect(await a.exited).toBe(3);
    await b.waitFor(/^committed B-6 /);
    b.process.kill("SIGKILL");
    await b.exited;

    const events = await committed(namespace);
    const firstOfB = events.findIndex(([id]) => id.startsWith("B-"));
    // B recovered exactly the last schedule A committed before it took over.
    expect(events[firstOfB - 1]![0]).toBe(recovered);
    // Tokens never go back: once B committed, no commit of A (token 1) got in.
    expect(events.slice(firstOfB).every(([id, t]) => id.startsWith("B-") && t === 2)).toBe(true);
    expect(events.slice(0, firstOfB).every(([id, t]) => id.startsWith("A-") && t === 1)).toBe(true);
  });
});
