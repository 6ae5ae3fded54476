import type { ErrorEvent, SignalEvent } from "@tickfold/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventBus } from "./event-bus.js";
import { seqOf, tick } from "./test-support.fixture.js";

/**
 * Property tests under fast-check's scheduler: every async callback and every emission waits on a
 * task the scheduler releases in a random order, so each run explores another interleaving of
 * producers, deliveries and failures.
 */

/** What a subscriber does with one event. */
type Reaction = "return" | "throw" | "resolve later" | "reject later";
const reaction = fc.constantFrom<Reaction>("return", "throw", "resolve later", "reject later");
const fails = (r: Reaction): boolean => r === "throw" || r === "reject later";

interface SubscriberLog {
  readonly started: number[];
  readonly finished: number[];
  overlapped: boolean;
}

const newLog = (): SubscriberLog => ({ started: [], finished: [], overlapped: false });

/**
 * A listener that reacts to event `seq` as `reactions[seq]` says, synchronously or after a task the
 * scheduler releases, and records what it went through.
 */
const scriptedListener = (s: fc.Scheduler, log: SubscriberLog, reactions: readonly Reaction[], name: string) => {
  let active = false;
  const finish = (seq: number, react: Reaction): void => {
    active = false;
    log.finished.push(seq);
    if (fails(react)) throw new Error(`${name} fails on ${seq}`);
  };
  return (event: SignalEvent): void | Promise<void> => {
    const seq = seqOf(event);
    const react = reactions[seq] ?? "return";
    if (active) log.overlapped = true;
    active = true;
    log.started.push(seq);
    if (react === "resolve later" || react === "reject later") {
      return s.schedule(Promise.resolve(), `${name} handles ${seq}`).then(() => finish(seq, react));
    }
    finish(seq, react);
  };
};

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const emitAll = (s: fc.Scheduler, bus: EventBus, count: number, beforeEmit: (seq: number) => void = () => {}) =>
  s.scheduleSequence(
    range(count).map((seq) => ({
      label: `emit ${seq}`,
      builder: () => {
        beforeEmit(seq);
        return bus.emit("signal", tick(seq));
      },
    })),
  );

describe("EventBus under random interleavings", () => {
  it("delivers to each subscriber every event in order without overlap, isolates failures, and drain covers what came before it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 12 }).chain((count) =>
          fc.tuple(
            fc.constant(count),
            fc.array(fc.array(reaction, { minLength: count, maxLength: count }), { minLength: 1, maxLength: 4 }),
            fc.integer({ min: 0, max: count }),
          ),
        ),
        async (s, [count, scripts, drainAfter]) => {
          const bus = new EventBus();
          const logs = scripts.map(() => newLog());
          scripts.forEach((reactions, i) => {
            bus.listen("signal", scriptedListener(s, logs[i]!, reactions, `subscriber ${i}`));
          });
          const reported: ErrorEvent[] = [];
          bus.listen("error", async (event) => {
            await s.schedule(Promise.resolve(), `report ${event.message}`);
            reported.push(event);
          });

          let drainSnapshot: { finished: number[]; reported: number } | undefined;
          let drained: Promise<void> = Promise.resolve();
          const emissions = emitAll(s, bus, count, (seq) => {
            if (seq !== drainAfter) return;
            drained = bus.drain().then(() => {
              drainSnapshot = { finished: logs.map((log) => log.finished.length), reported: reported.length };
            });
          });
          await s.waitFor(emissions.task.then(() => Promise.all([drained, bus.drain()])));
          if (drainAfter === count) {
            drainSnapshot = { finished: logs.map((log) => log.finished.length), reported: reported.length };
          }

          const all = range(count);
          for (const log of logs) {
            expect(log.overlapped).toBe(false);
            expect(log.started).toEqual(all);
            expect(log.finished).toEqual(all);
          }
          const expectedReports = scripts.flatMap((reactions, i) =>
            all.filter((seq) => fails(reactions[seq]!)).map((seq) => `A subscriber of the "signal" topic failed: subscriber ${i} fails on ${seq}`),
          );
          expect([...reported.map((event) => event.message)].sort()).toEqual([...expectedReports].sort());
          expect(reported.every((event) => event.topic === "signal")).toBe(true);
          // Per subscriber, its failures are reported in the order of its events.
          scripts.forEach((_, i) => {
            const own = reported.map((event) => event.message).filter((message) => message.includes(`subscriber ${i} `));
            expect(own).toEqual(expectedReports.filter((message) => message.includes(`subscriber ${i} `)));
          });

          const failuresBeforeDrain = scripts.reduce(
            (sum, reactions) => sum + reactions.slice(0, drainAfter).filter(fails).length,
            0,
          );
          expect(drainSnapshot).toBeDefined();
          drainSnapshot!.finished.forEach((finished) => expect(finished).toBeGreaterThanOrEqual(drainAfter));
          expect(drainSnapshot!.reported).toBeGreaterThanOrEqual(failuresBeforeDrain);
        },
      ),
    );
  });

  it("calls each Once subscriber exactly once, with the first event its filter accepts, while events keep arriving, and drain waits for it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 15 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
        async (s, values, wanted) => {
          const bus = new EventBus();
          const filtered = wanted.map((): number[] => []);
          const called = wanted.map((): number[] => []);
          const completed = wanted.map(() => false);
          wanted.forEach((target, i) => {
            bus.listenOnce(
              "signal",
              (event) => {
                filtered[i]!.push(seqOf(event));
                return values[seqOf(event)] === target;
              },
              async (event) => {
                called[i]!.push(seqOf(event));
                await s.schedule(Promise.resolve(), `once ${i} handles ${seqOf(event)}`);
                completed[i] = true;
              },
            );
          });
          const emissions = emitAll(s, bus, values.length);
          await s.waitFor(emissions.task.then(() => bus.drain()));

          wanted.forEach((target, i) => {
            const firstMatch = values.indexOf(target);
            if (firstMatch === -1) {
              expect(called[i]).toEqual([]);
              expect(filtered[i]).toEqual(range(values.length));
            } else {
              expect(called[i]).toEqual([firstMatch]);
              expect(filtered[i]).toEqual(range(firstMatch + 1));
              // drain() waited for fn to finish, not only to start.
              expect(completed[i]).toBe(true);
            }
          });
          const stillWaiting = wanted.filter((target) => !values.includes(target)).length;
          expect(bus.listenerCount("signal")).toBe(stillWaiting);
        },
      ),
    );
  });

  it("never calls a subscriber after its unsubscribe, whenever that lands, and others still get everything", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        async (s, count, selfStopAt) => {
          const bus = new EventBus();
          const stoppedFromOutside: number[] = [];
          let startsWhenStopped: number | undefined;
          const stopFromOutside = bus.listen("signal", async (event) => {
            stoppedFromOutside.push(seqOf(event));
            await s.schedule(Promise.resolve(), `outside-stopped handles ${seqOf(event)}`);
          });
          // The scheduler decides when this unsubscribe lands relative to deliveries and emissions.
          const stopping = s.schedule(Promise.resolve(), "unsubscribe").then(() => {
            startsWhenStopped = stoppedFromOutside.length;
            stopFromOutside();
          });

          const selfStopped: number[] = [];
          const stopSelf: () => void = bus.listen("signal", async (event) => {
            selfStopped.push(seqOf(event));
            if (seqOf(event) === selfStopAt) stopSelf();
            await s.schedule(Promise.resolve(), `self-stopped handles ${seqOf(event)}`);
          });

          const witness: number[] = [];
          bus.listen("signal", async (event) => {
            await s.schedule(Promise.resolve(), `witness handles ${seqOf(event)}`);
            witness.push(seqOf(event));
          });

          const emissions = emitAll(s, bus, count);
          await s.waitFor(Promise.all([emissions.task, stopping]).then(() => bus.drain()));

          expect(stoppedFromOutside).toEqual(range(startsWhenStopped!));
          expect(selfStopped).toEqual(range(Math.min(selfStopAt + 1, count)));
          expect(witness).toEqual(range(count));
          expect(bus.listenerCount("signal")).toBe(selfStopAt < count ? 1 : 2);
        },
      ),
    );
  });

  it("keeps a slow subscriber's backlog within maxQueued for a producer that awaits emit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 15 }),
        async (s, maxQueued, count) => {
          const bus = new EventBus({ maxQueued });
          const started: number[] = [];
          bus.listen("signal", async (event) => {
            started.push(seqOf(event));
            await s.schedule(Promise.resolve(), `slow handles ${seqOf(event)}`);
          });
          let emitted = 0;
          let worstBacklog = 0;
          const produce = async (): Promise<void> => {
            for (const seq of range(count)) {
              await bus.emit("signal", tick(seq));
              emitted += 1;
              worstBacklog = Math.max(worstBacklog, emitted - started.length);
            }
          };
          await s.waitFor(produce().then(() => bus.drain()));
          // `maxQueued` waiting, plus the one being delivered.
          expect(worstBacklog).toBeLessThanOrEqual(maxQueued + 1);
          expect(started).toEqual(range(count));
        },
      ),
    );
  });
});
