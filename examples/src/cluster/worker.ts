/**
 * A live worker: `<redis url> <namespace> <candles.json> <lease ms> <pause ms> <max owned> <symbol>…`.
 * For every instance (symbol × strategy "cluster") whose lease it gets (up to <max owned>, so the
 * instances spread over the workers), it restores the state from Redis
 * (restoreLifecycle), resumes after the last committed event, and drives the lifecycle reducer in
 * live mode candle by candle, committing each commit effect through the Redis store. It prints
 * one line per fact: `owner <symbol> <token> <state digest> <from index>`, `commit <symbol> <token>
 * <stream id> <event ids> <state digest>`, `lost <symbol> <token> fenced|expired`, `done <symbol>`; between rounds it waits <pause ms>.
 * This is the one file the live runner will replace.
 */
import { readFileSync } from "node:fs";
import { DEFAULT_CONFIG, candleSeries, restoreLifecycle, serializeReplay, stepLifecycle, tickAt, type Candle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "@tickfold/core";
import { connectRedis, createRedisStorage, LeaseLostError, type Lease } from "@tickfold/redis";
import * as E from "fp-ts/lib/Either.js";

const [url, namespace, candlesPath, leaseMs, pauseMs, maxOwned, ...symbols] = process.argv.slice(2) as [string, string, string, string, string, string, ...string[]];
const candles = JSON.parse(readFileSync(candlesPath, "utf8")) as Candle[];
const series = candleSeries(candles);
const redis = await connectRedis(url);
const storage = createRedisStorage({ redis, namespace, lease: { ttlMs: Number(leaseMs) } });
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const paramsOf = (symbol: string): LifecycleParams => ({
  symbol,
  strategyName: "cluster",
  exchangeName: "recorded",
  backtest: false,
  config: { ...DEFAULT_CONFIG, avgPriceCandles: 3 },
  intervalMs: 60_000,
  endDate: Number.POSITIVE_INFINITY,
  riskNames: [],
  progressCallbacks: false,
});

/** The strategy: a long whenever it is asked, take profit and stop loss 0.6 % away (above the fees' floor). */
const propose = (symbol: string, time: number, price: number) => ({ id: `${symbol}-${time}`, position: "long" as const, priceTakeProfit: price * 1.006, priceStopLoss: price * 0.994 });

/** What must survive a take-over: the state without the in-memory request bookkeeping. */
const digest = (state: LifecycleState): string => serializeReplay({ state: { ...state, lastSignalId: null, askedBucket: Number.NaN }, effects: [] });
const isResting = (state: LifecycleState) => state.phase === "idle" || state.phase === "scheduled" || state.phase === "open";

interface Owned {
  readonly lease: Lease;
  readonly params: LifecycleParams;
  state: LifecycleState;
  next: number;
}
const owned = new Map<string, Owned>();

const take = async (symbol: string): Promise<void> => {
  const params = paramsOf(symbol);
  const lease = await storage.acquire({ symbol, strategyName: "cluster" });
  if (lease === null) return;
  const files = (await storage.readSnapshot({ pairs: [{ symbol, strategyName: "cluster", riskNames: [] }] })).pairs[0]!.files;
  const restored = restoreLifecycle({ signal: files.signal, schedule: files.schedule, milestones: files.signal === null ? undefined : files.partial[files.signal.id], lastSignalId: null, askedBucket: null }, params);
  if (E.isLeft(restored)) throw new Error(restored.left.message);
  const last = await redis.sendCommand<Array<[string, string[]]>>(["XREVRANGE", `${namespace}/events/{${symbol}_cluster}`, "+", "-", "COUNT", "1"]);
  const fields = last[0]?.[1] ?? [];
  const lastTime = fields.length === 0 ? -Infinity : (JSON.parse(fields[fields.indexOf("payload") + 1]!) as { timestamp: number }).timestamp;
  let next = 0;
  while (next < series.length && series.timestamp[next]! <= lastTime) next++;
  owned.set(symbol, { lease, params, state: restored.right, next });
  say(`owner ${symbol} ${lease.token} ${digest(restored.right)} ${next}`);
  // The previous owner may have finished the candles and died before saying so.
  if (next >= series.length) say(`done ${symbol}`);
};

/** One candle of one instance, answering the reducer's requests and committing its commits. */
const step = async (symbol: string, run: Owned): Promise<void> => {
  let input: LifecycleInput | undefined = tickAt(series, run.next, run.params.config.avgPriceCandles);
  while (input !== undefined) {
    const [state, effects] = stepLifecycle(run.state, input, run.params);
    input = undefined;
    for (const effect of effects) {
      if (effect.type === "commit") {
        const commit = await storage.commitEffect(effect);
        say(`commit ${symbol} ${run.lease.token} ${commit.streamIds.join(",") || "-"} ${commit.events.map((e) => e.id).join(",") || "-"} ${isResting(state) ? digest(state) : "-"}`);
      } else if (effect.type === "requestProposal") input = { kind: "proposal", proposal: propose(symbol, effect.time, effect.price) };
      else if (effect.type === "checkRisk") input = { kind: "risk", allowed: true };
    }
    run.state = state;
  }
  run.next++;
  if (run.next === series.length) say(`done ${symbol}`);
};

for (;;) {
  for (const symbol of symbols) if (!owned.has(symbol) && owned.size < Number(maxOwned)) await take(symbol);
  for (const [symbol, run] of owned) {
    if (run.next >= series.length) continue;
    try {
      await step(symbol, run);
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      owned.delete(symbol);
      say(`lost ${symbol} ${run.lease.token} ${/fencing token/.test(error.message) ? "fenced" : "expired"}`);
    }
  }
  await sleep(Number(pauseMs));
}
