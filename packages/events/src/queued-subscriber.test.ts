import { describe, expect, it } from "vitest";
import { QueuedSubscriber, type FailureReporter, type QueuedSubscriberOptions } from "./queued-subscriber.js";
import { deferred, settleMicrotasks, watch, type Deferred } from "./test-support.fixture.js";

const noFailures = async (error: unknown): Promise<void> => {
  throw new Error(`unexpected failure report: ${String(error)}`);
};

const options = (maxQueued: number, reportFailure: FailureReporter = noFailures): QueuedSubscriberOptions => ({
  maxQueued,
  reportFailure,
  schedule: queueMicrotask,
});

describe("QueuedSubscriber", () => {
  it("does not call the callback inside offer, then delivers every event in offer order", async () => {
    const seen: number[] = [];
    const subscriber = new QueuedSubscriber<number>((n) => void seen.push(n), options(10));
    subscriber.offer(1);
    subscriber.offer(2);
    subscriber.offer(3);
    expect(seen).toEqual([]);
    await settleMicrotasks();
    expect(seen).toEqual([1, 2, 3]);
  });

  it("waits for an async callback to settle before handing it the next event", async () => {
    const gates: Deferred[] = [deferred(), deferred()];
    const started: number[] = [];
    const subscriber = new QueuedSubscriber<number>(
      (n) => {
        started.push(n);
        return gates[n]?.promise;
      },
      options(10),
    );
    subscriber.offer(0);
    subscriber.offer(1);
    await settleMicrotasks();
    expect(started).toEqual([0]);
    gates[0]?.resolve();
    await settleMicrotasks();
    expect(started).toEqual([0, 1]);
  });

  it("reports a throw and a rejection, and goes on delivering after each", async () => {
    const reported: unknown[] = [];
    const seen: number[] = [];
    const subscriber = new QueuedSubscriber<number>(
      (n) => {
        seen.push(n);
        if (n === 1) throw new Error("thrown");
        if (n === 2) return Promise.reject(new Error("rejected"));
        return undefined;
      },
      options(10, async (error) => void reported.push((error as Error).message)),
    );
    [0, 1, 2, 3].forEach((n) => subscriber.offer(n));
    await settleMicrotasks();
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(reported).toEqual(["thrown", "rejected"]);
  });

  it("holds the next event until the failure report has settled", async () => {
    const report = deferred();
    const seen: number[] = [];
    const subscriber = new QueuedSubscriber<number>(
      (n) => {
        seen.push(n);
        if (n === 0) throw new Error("first fails");
      },
      options(10, () => report.promise),
    );
    subscriber.offer(0);
    subscriber.offer(1);
    await settleMicrotasks();
    expect(seen).toEqual([0]);
    report.resolve();
    await settleMicrotasks();
    expect(seen).toEqual([0, 1]);
  });

  it("says the producer should wait once the backlog reaches maxQueued, and frees it when an event is taken", async () => {
    const gate = deferred();
    const subscriber = new QueuedSubscriber<number>(() => gate.promise, options(2));
    expect(subscriber.offer(0)).toBe(false);
    await settleMicrotasks(); // event 0 is now being delivered, the backlog is empty
    expect(subscriber.offer(1)).toBe(false);
    expect(subscriber.offer(2)).toBe(true);
    const room = watch(subscriber.whenBelowLimit());
    await settleMicrotasks();
    expect(room.settled()).toBe(false);
    gate.resolve();
    await settleMicrotasks();
    expect(room.settled()).toBe(true);
  });

  it("on close drops the waiting events but lets the running callback finish, and idle waits for it", async () => {
    const gate = deferred();
    const seen: number[] = [];
    const subscriber = new QueuedSubscriber<number>(
      (n) => {
        seen.push(n);
        return gate.promise;
      },
      options(10),
    );
    subscriber.offer(0);
    subscriber.offer(1);
    await settleMicrotasks();
    subscriber.close();
    const idle = watch(subscriber.whenIdle());
    await settleMicrotasks();
    expect(idle.settled()).toBe(false);
    gate.resolve();
    await settleMicrotasks();
    expect(idle.settled()).toBe(true);
    expect(seen).toEqual([0]);
    expect(subscriber.offer(2)).toBe(false);
    await settleMicrotasks();
    expect(seen).toEqual([0]);
  });

  it("becomes idle when the events offered before the call are done, whatever is offered after", async () => {
    const gates = [deferred(), deferred()];
    const subscriber = new QueuedSubscriber<number>((n) => gates[n]?.promise, options(10));
    subscriber.offer(0);
    const idle = watch(subscriber.whenIdle());
    subscriber.offer(1);
    gates[0]?.resolve();
    await settleMicrotasks();
    expect(idle.settled()).toBe(true);
    expect(watch(subscriber.whenIdle()).settled()).toBe(false);
  });

  it("keeps the order of a backlog far larger than the initial buffer", async () => {
    const seen: number[] = [];
    const subscriber = new QueuedSubscriber<number>((n) => void seen.push(n), options(10_000));
    const offered = Array.from({ length: 5000 }, (_, n) => n);
    offered.forEach((n) => subscriber.offer(n));
    await subscriber.whenIdle();
    expect(seen).toEqual(offered);
  });
});
