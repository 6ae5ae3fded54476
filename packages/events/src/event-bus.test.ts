import type { ErrorEvent, SignalEvent } from "@tickfold/core";
import { describe, expect, it } from "vitest";
import { createEventBus } from "./create-event-bus.js";
import { EventBus } from "./event-bus.js";
import { deferred, done, seqOf, settleMicrotasks, tick, watch } from "./test-support.fixture.js";

const collect = (bus: EventBus, topic: "signal" | "signalLive" | "signalBacktest"): number[] => {
  const seen: number[] = [];
  bus.listen(topic, (event) => void seen.push(seqOf(event)));
  return seen;
};

describe("EventBus topics", () => {
  it("delivers an event only to the subscribers of its topic", async () => {
    const bus = new EventBus();
    const live: string[] = [];
    const backtest: string[] = [];
    bus.listen("doneLive", (event) => void live.push(event.symbol));
    bus.listen("doneBacktest", (event) => void backtest.push(event.symbol));
    await bus.emit("doneBacktest", done("ETHUSDT"));
    await bus.drain();
    expect(live).toEqual([]);
    expect(backtest).toEqual(["ETHUSDT"]);
  });

  it("routes a signal event to signal and to signalLive or signalBacktest by its backtest flag", async () => {
    const bus = new EventBus();
    const all = collect(bus, "signal");
    const live = collect(bus, "signalLive");
    const backtest = collect(bus, "signalBacktest");
    await bus.emit("signal", tick(1, false));
    await bus.emit("signal", tick(2, true));
    await bus.emit("signal", tick(3, false));
    await bus.drain();
    expect(all).toEqual([1, 2, 3]);
    expect(live).toEqual([1, 3]);
    expect(backtest).toEqual([2]);
  });

  it("does not run subscribers inside emit, and emit resolves before a pending callback settles", async () => {
    const bus = new EventBus();
    const gate = deferred();
    let calls = 0;
    bus.listen("signal", () => {
      calls += 1;
      return gate.promise;
    });
    const emitted = bus.emit("signal", tick(1));
    expect(calls).toBe(0);
    await emitted;
    await settleMicrotasks();
    expect(calls).toBe(1);
    gate.resolve();
  });

  it("counts the listeners of a topic and forgets them on unsubscribe", () => {
    const bus = new EventBus();
    const first = bus.listen("risk", () => {});
    bus.listenOnce("risk", () => true, () => {});
    expect(bus.listenerCount("risk")).toBe(2);
    first();
    first();
    expect(bus.listenerCount("risk")).toBe(1);
  });

  it("keeps two buses apart", async () => {
    const one = createEventBus();
    const other = createEventBus();
    const seen = collect(other, "signal");
    await one.emit("signal", tick(1));
    await Promise.all([one.drain(), other.drain()]);
    expect(seen).toEqual([]);
  });
});

describe("EventBus unsubscribe", () => {
  it("stops delivery of events already queued, after the running callback", async () => {
    const bus = new EventBus();
    const gate = deferred();
    const seen: number[] = [];
    const unsubscribe = bus.listen("signal", (event) => {
      seen.push(seqOf(event));
      return gate.promise;
    });
    await bus.emit("signal", tick(1));
    await bus.emit("signal", tick(2));
    await settleMicrotasks();
    unsubscribe();
    gate.resolve();
    await bus.drain();
    expect(seen).toEqual([1]);
  });
});

describe("EventBus listenOnce", () => {
  it("ignores non-matching events without unsubscribing, then calls fn with the first match only", async () => {
    const bus = new EventBus();
    const matched: number[] = [];
    const filtered: number[] = [];
    bus.listenOnce(
      "signal",
      (event) => {
        filtered.push(seqOf(event));
        return seqOf(event) % 2 === 0;
      },
      (event) => void matched.push(seqOf(event)),
    );
    for (const seq of [1, 3, 4, 5, 6]) await bus.emit("signal", tick(seq));
    await bus.drain();
    expect(filtered).toEqual([1, 3, 4]);
    expect(matched).toEqual([4]);
    expect(bus.listenerCount("signal")).toBe(0);
  });

  it("calls fn once even when matching events arrive while fn is still pending", async () => {
    const bus = new EventBus();
    const gate = deferred();
    const matched: number[] = [];
    bus.listenOnce(
      "signal",
      () => true,
      (event) => {
        matched.push(seqOf(event));
        return gate.promise;
      },
    );
    await bus.emit("signal", tick(1));
    await settleMicrotasks();
    await bus.emit("signal", tick(2));
    await bus.emit("signal", tick(3));
    gate.resolve();
    await bus.drain();
    expect(matched).toEqual([1]);
  });

  it("can be cancelled before any match", async () => {
    const bus = new EventBus();
    const matched: number[] = [];
    const cancel = bus.listenOnce("signal", () => true, (event) => void matched.push(seqOf(event)));
    cancel();
    await bus.emit("signal", tick(1));
    await bus.drain();
    expect(matched).toEqual([]);
  });
});

describe("EventBus error isolation", () => {
  it("reports a throwing subscriber on the error topic with the topic name, and delivery goes on for everyone", async () => {
    const bus = new EventBus();
    const failure = new Error("boom");
    const failing: number[] = [];
    const healthy = collect(bus, "signal");
    bus.listen("signal", (event) => {
      failing.push(seqOf(event));
      if (seqOf(event) === 2) throw failure;
    });
    const errors: ErrorEvent[] = [];
    bus.listen("error", (event) => void errors.push(event));
    for (const seq of [1, 2, 3]) await bus.emit("signal", tick(seq));
    await bus.drain();
    expect(healthy).toEqual([1, 2, 3]);
    expect(failing).toEqual([1, 2, 3]);
    expect(errors).toEqual([{ error: failure, topic: "signal", message: 'A subscriber of the "signal" topic failed: boom' }]);
  });

  it("reports a rejecting subscriber with the topic it listens on", async () => {
    const bus = new EventBus();
    bus.listen("signalLive", () => Promise.reject(new Error("no network")));
    const errors: ErrorEvent[] = [];
    bus.listen("error", (event) => void errors.push(event));
    await bus.emit("signal", tick(1, false));
    await bus.drain();
    expect(errors.map((event) => [event.topic, event.message])).toEqual([
      ["signalLive", 'A subscriber of the "signalLive" topic failed: no network'],
    ]);
  });

  it("sends a failing error-topic subscriber to onUnhandled instead of back to the error topic", async () => {
    const unhandled: ErrorEvent[] = [];
    const bus = new EventBus({ onUnhandled: (event) => void unhandled.push(event) });
    let errorCalls = 0;
    bus.listen("error", () => {
      errorCalls += 1;
      throw new Error("the alert channel is down");
    });
    bus.listen("signal", () => {
      throw new Error("strategy bug");
    });
    await bus.emit("signal", tick(1));
    await bus.drain();
    expect(errorCalls).toBe(1);
    expect(unhandled.map((event) => event.message)).toEqual([
      'A subscriber of the "error" topic failed: the alert channel is down',
    ]);
  });

  it("sends failures to onUnhandled while nobody listens on the error topic, and survives onUnhandled throwing", async () => {
    const unhandled: string[] = [];
    const bus = new EventBus({
      onUnhandled: (event) => {
        unhandled.push(event.message);
        throw new Error("the hook itself fails");
      },
    });
    const seen: number[] = [];
    bus.listen("signal", (event) => {
      seen.push(seqOf(event));
      throw new Error(`fails on ${seqOf(event)}`);
    });
    await bus.emit("signal", tick(1));
    await bus.emit("signal", tick(2));
    await bus.drain();
    expect(seen).toEqual([1, 2]);
    expect(unhandled).toEqual([
      'A subscriber of the "signal" topic failed: fails on 1',
      'A subscriber of the "signal" topic failed: fails on 2',
    ]);
  });

  it("reports a throwing once-filter and keeps the subscription", async () => {
    const bus = new EventBus();
    const errors: string[] = [];
    bus.listen("error", (event) => void errors.push(event.message));
    const matched: number[] = [];
    bus.listenOnce(
      "signal",
      (event) => {
        if (seqOf(event) === 1) throw new Error("bad filter");
        return true;
      },
      (event) => void matched.push(seqOf(event)),
    );
    await bus.emit("signal", tick(1));
    await bus.emit("signal", tick(2));
    await bus.drain();
    expect(errors).toEqual(['A subscriber of the "signal" topic failed: bad filter']);
    expect(matched).toEqual([2]);
  });
});

describe("EventBus drain", () => {
  it("waits for pending async callbacks and for the error reports their failures caused", async () => {
    const bus = new EventBus();
    const gate = deferred();
    const finished: number[] = [];
    bus.listen("signal", async (event) => {
      await gate.promise;
      finished.push(seqOf(event));
      throw new Error("late failure");
    });
    const reported: string[] = [];
    const errorGate = deferred();
    bus.listen("error", async (event) => {
      await errorGate.promise;
      reported.push(event.message);
    });
    await bus.emit("signal", tick(1));
    const drained = watch(bus.drain());
    gate.resolve();
    await settleMicrotasks();
    expect(finished).toEqual([1]);
    expect(drained.settled()).toBe(false);
    errorGate.resolve();
    await settleMicrotasks();
    expect(drained.settled()).toBe(true);
    expect(reported).toEqual(['A subscriber of the "signal" topic failed: late failure']);
  });

  it("waits for a Once callback and for the running callback of a subscriber that unsubscribed", async () => {
    const bus = createEventBus();
    const onceGate = deferred();
    const leavingGate = deferred();
    const finished: string[] = [];
    bus.listenDoneBacktestOnce(
      () => true,
      async () => {
        await onceGate.promise;
        finished.push("once");
      },
    );
    const leave = bus.listenDoneBacktest(async () => {
      await leavingGate.promise;
      finished.push("unsubscribed");
    });
    await bus.emit("doneBacktest", done("BTCUSDT"));
    await settleMicrotasks();
    leave();
    const drained = watch(bus.drain());
    onceGate.resolve();
    await settleMicrotasks();
    expect(drained.settled()).toBe(false);
    leavingGate.resolve();
    await settleMicrotasks();
    expect(drained.settled()).toBe(true);
    expect(finished).toEqual(["once", "unsubscribed"]);
  });

  it("does not wait for events emitted after the call", async () => {
    const bus = new EventBus();
    const never = deferred();
    bus.listen("signal", (event) => (seqOf(event) === 2 ? never.promise : undefined));
    await bus.emit("signal", tick(1));
    const drained = bus.drain();
    await bus.emit("signal", tick(2));
    await drained;
    expect(bus.listenerCount("signal")).toBe(1);
  });

  it("lets a run's done event be delivered after its signal events", async () => {
    const bus = createEventBus();
    const log: string[] = [];
    bus.listenSignal(async (event) => {
      await settleMicrotasks();
      log.push(`signal ${seqOf(event)}`);
    });
    bus.listenDoneBacktest((event) => void log.push(`done ${event.symbol}`));
    await bus.emit("signal", tick(1));
    await bus.emit("signal", tick(2));
    await bus.drain();
    await bus.emit("doneBacktest", done("BTCUSDT"));
    await bus.drain();
    expect(log).toEqual(["signal 1", "signal 2", "done BTCUSDT"]);
  });
});

describe("EventBus backpressure", () => {
  it("makes emit wait while a subscriber's backlog is full, until the subscriber takes an event", async () => {
    const bus = new EventBus({ maxQueued: 2 });
    const gates = [deferred(), deferred(), deferred()];
    bus.listen("signal", (event) => gates[seqOf(event)]?.promise);
    await bus.emit("signal", tick(0));
    await settleMicrotasks(); // event 0 is being delivered
    await bus.emit("signal", tick(1));
    const third = watch(bus.emit("signal", tick(2)));
    await settleMicrotasks();
    expect(third.settled()).toBe(false);
    gates[0]?.resolve();
    await settleMicrotasks();
    expect(third.settled()).toBe(true);
    gates[1]?.resolve();
    gates[2]?.resolve();
  });

  it("bounds a slow subscriber's backlog for a producer that awaits emit, while a fast one keeps up", async () => {
    const maxQueued = 4;
    const bus = new EventBus({ maxQueued });
    let emitted = 0;
    let slowStarted = 0;
    let worstBacklog = 0;
    bus.listen("signal", async () => {
      slowStarted += 1;
      await settleMicrotasks();
    });
    const fast = collect(bus, "signal");
    for (let seq = 0; seq < 60; seq += 1) {
      await bus.emit("signal", tick(seq));
      emitted += 1;
      worstBacklog = Math.max(worstBacklog, emitted - slowStarted);
    }
    await bus.drain();
    // One event may be in the callback besides the `maxQueued` waiting ones.
    expect(worstBacklog).toBeLessThanOrEqual(maxQueued + 1);
    expect(worstBacklog).toBeGreaterThan(1);
    expect(fast).toHaveLength(60);
  });

  it("releases a waiting emit when the congested subscriber unsubscribes", async () => {
    const bus = new EventBus({ maxQueued: 1 });
    const unsubscribe = bus.listen("signal", () => new Promise<void>(() => {}));
    await bus.emit("signal", tick(0));
    await settleMicrotasks();
    const blocked = watch(bus.emit("signal", tick(1)));
    await settleMicrotasks();
    expect(blocked.settled()).toBe(false);
    unsubscribe();
    await settleMicrotasks();
    expect(blocked.settled()).toBe(true);
  });

  it("refuses a maxQueued that is not a whole number of at least 1, naming the value", () => {
    expect(() => new EventBus({ maxQueued: 0 })).toThrow("maxQueued must be a whole number of at least 1, got 0.");
    expect(() => new EventBus({ maxQueued: 2.5 })).toThrow("got 2.5");
  });
});

describe("EventBus types", () => {
  it("type-checks payloads against their topic", () => {
    const bus = new EventBus();
    const ignored: SignalEvent = tick(1);
    // These lines are checked by `tsc -b` (tsconfig.tests.json), not at run time.
    // @ts-expect-error a tick result is not a risk event (it has no riskName, comment, …)
    void bus.emit("risk", ignored);
    // @ts-expect-error signalLive is filled from signal and cannot be emitted on directly
    void bus.emit("signalLive", ignored);
    expect(bus.listenerCount("risk")).toBe(0);
  });
});
