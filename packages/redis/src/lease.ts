import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Pair } from "@tickfold/persist";
import { fenceKey, leaseKey } from "./keys.js";
import type { RedisConnection } from "./redis-connection.js";
import { ACQUIRE, RELEASE, RENEW, runScript } from "./scripts.js";

export interface LeaseOptions {
  /** How long the lease lasts without renewal (default 10 s). */
  readonly ttlMs?: number;
  /** How often it is renewed (default a third of ttlMs). */
  readonly renewEveryMs?: number;
  /** Names this process in the lease's value, so "held by" errors say who holds it (default host:pid). */
  readonly owner?: string;
}

/**
 * How ownership ended: "fenced", a write (commit, journal, acknowledgement) was refused because a
 * newer token exists; "superseded", renewal found one first; "released", this process gave it up.
 */
export type LeaseLoss = "fenced" | "superseded" | "released";

/** Why an owner stopped owning its pair: renewal found another owner, or a commit was fenced. */
export class LeaseLostError extends Error {
  constructor(
    readonly pair: Pair,
    readonly token: number,
    reason: string,
    readonly loss: LeaseLoss = "fenced",
  ) {
    super(`Lost ownership of ${pair.symbol}/${pair.strategyName} (fencing token ${token}): ${reason}. This process stops trading it; another owner may have taken it over.`);
    this.name = "LeaseLostError";
  }
}

/**
 * Ownership of one pair: a lease (renewed in the background) and the fencing token that every
 * commit carries. Time only decides when to give up and when another process may take over; which
 * commits succeed is decided in Redis by the token, so a paused owner that wakes up after a
 * take-over has every commit refused.
 */
export class Lease {
  private lostWith: LeaseLostError | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly listeners: Array<(error: LeaseLostError) => void> = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly namespace: string,
    readonly pair: Pair,
    readonly token: number,
    private readonly owner: string,
    private readonly ttlMs: number,
    renewEveryMs: number,
  ) {
    this.timer = setInterval(() => void this.renew(), renewEveryMs);
    this.timer.unref();
  }

  /** The error the owner stopped with, if it did. */
  get lost(): LeaseLostError | undefined {
    return this.lostWith;
  }

  /** Called once, when ownership is lost (a runner puts it on `exit`). */
  onLost(listener: (error: LeaseLostError) => void): void {
    if (this.lostWith !== undefined) listener(this.lostWith);
    else this.listeners.push(listener);
  }

  /** Marks the lease lost (renewal refused, or a commit fenced) and stops renewing. */
  lose(reason: string, loss: LeaseLoss = "fenced"): LeaseLostError {
    if (this.lostWith === undefined) {
      this.lostWith = new LeaseLostError(this.pair, this.token, reason, loss);
      clearInterval(this.timer);
      for (const listener of this.listeners.splice(0)) listener(this.lostWith);
    }
    return this.lostWith;
  }

  async renew(): Promise<boolean> {
    if (this.lostWith !== undefined) return false;
    try {
      const held = await runScript<number>(this.redis, RENEW, this.keys(), [this.owner, String(this.ttlMs), String(this.token)]);
      if (Number(held) !== 1) this.lose("the lease expired and another process took it (a newer fencing token exists)", "superseded");
    } catch {
      // A failed renewal is retried at the next interval; if the lease expires meanwhile another
      // process may take over, and this one's next commit or renewal finds out.
    }
    return this.lostWith === undefined;
  }

  /** Stops renewing and frees the lease so another process can take over at once. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    if (this.lostWith === undefined) await runScript(this.redis, RELEASE, [leaseKey(this.namespace, this.pair)], [this.owner]);
    this.lostWith ??= new LeaseLostError(this.pair, this.token, "released", "released");
  }

  private keys(): string[] {
    return [leaseKey(this.namespace, this.pair), fenceKey(this.namespace, this.pair)];
  }
}

/** Takes the pair's lease if it is free; null when another process holds it. */
export const acquireLease = async (redis: RedisConnection, namespace: string, pair: Pair, options: LeaseOptions = {}): Promise<Lease | null> => {
  const ttlMs = options.ttlMs ?? 10_000;
  const renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(ttlMs / 3));
  if (!(ttlMs > 0 && Number.isInteger(ttlMs))) throw new RangeError(`The lease's ttlMs must be a positive integer, got ${ttlMs}.`);
  // Unique per acquisition (a renewal must not extend another acquisition's lease), named for people.
  const owner = `${options.owner ?? `${hostname()}:${process.pid}`} ${randomUUID()}`;
  const token = await runScript<number | null>(redis, ACQUIRE, [leaseKey(namespace, pair), fenceKey(namespace, pair)], [owner, String(ttlMs)]);
  return token === null ? null : new Lease(redis, namespace, pair, Number(token), owner, ttlMs, renewEveryMs);
};

/** Another process holds the pair's lease: it may be taken over once that lease expires. */
export class LeaseHeldError extends Error {
  constructor(
    readonly pair: Pair,
    readonly holder: string | null,
    readonly expiresInMs: number,
  ) {
    super(
      `${pair.symbol}/${pair.strategyName} is owned by another process (${holder === null ? "its lease just expired" : `lease held by ${JSON.stringify(holder.split(" ")[0])}, ${expiresInMs} ms left`}): it can be taken over once that lease expires without renewal.`,
    );
    this.name = "LeaseHeldError";
  }
}

/** Who holds the pair's lease and for how long (for a LeaseHeldError). */
export const leaseHolder = async (redis: RedisConnection, namespace: string, pair: Pair): Promise<LeaseHeldError> => {
  const key = leaseKey(namespace, pair);
  const holder = await redis.sendCommand<string | null>(["GET", key]);
  const ttl = Number(await redis.sendCommand(["PTTL", key]));
  return new LeaseHeldError(pair, holder ?? null, Math.max(0, ttl));
};
