import { FifoQueue } from "./fifo-queue.js";
import { RESOLVED } from "./resolved.js";
import { isThenable } from "@tickfold/core/internal";

/**
 * Reports a failed delivery. The subscriber goes on with its next event once the returned promise
 * settles, so a report that has to wait (the error topic is congested) holds this subscriber back
 * instead of piling up.
 */
export type FailureReporter = (error: unknown) => Promise<void>;

export interface QueuedSubscriberOptions {
  /** Backlog at which `offer` tells the producer to wait. */
  readonly maxQueued: number;
  readonly reportFailure: FailureReporter;
  /** Runs a task on a later microtask (the bus batches these); the task never throws. */
  readonly schedule: (task: () => void) => void;
}

interface IdleWaiter {
  /** The waiter is woken once this many events have finished. */
  readonly target: number;
  readonly resolve: () => void;
}

/** What the bus waits on, whatever the subscriber's event type. */
export interface DeliveryProgress {
  whenBelowLimit(): Promise<void>;
  whenIdle(): Promise<void>;
}


/**
 * One subscriber's mailbox. Events wait here in the order they were offered and are handed to the
 * callback one at a time: the next only after the previous callback returned, or after the promise
 * it returned settled. Delivery starts on a later microtask, so offering never runs subscriber
 * code, and synchronous callbacks are called in a plain loop without a promise per event.
 */
export class QueuedSubscriber<T> implements DeliveryProgress {
  private readonly queue = new FifoQueue<T>();
  private delivering = false;
  private closed = false;
  /** Counts since subscription: events accepted, and events whose delivery has finished. */
  private accepted = 0;
  private finished = 0;
  /** Sorted by target, because targets are taken from `accepted`, which only grows. */
  private readonly idleWaiters: IdleWaiter[] = [];
  private spaceWaiters: (() => void)[] = [];

  private readonly maxQueued: number;
  private readonly reportFailure: FailureReporter;
  private readonly schedule: (task: () => void) => void;

  constructor(
    private readonly deliver: (event: T) => unknown,
    options: QueuedSubscriberOptions,
  ) {
    this.maxQueued = options.maxQueued;
    this.reportFailure = options.reportFailure;
    this.schedule = options.schedule;
  }

  /** Events accepted and not yet handed to the callback. */
  get backlog(): number {
    return this.queue.size;
  }

  /** Accepts an event. Returns true when the backlog is full and the producer should wait. */
  offer(event: T): boolean {
    if (this.closed) return false;
    this.queue.push(event);
    this.accepted += 1;
    if (!this.delivering) {
      this.delivering = true;
      this.schedule(this.deliverQueued);
    }
    return this.backlog >= this.maxQueued;
  }

  /** Resolves once the backlog is below `maxQueued` (at once if it already is) or on close. */
  whenBelowLimit(): Promise<void> {
    if (this.closed || this.backlog < this.maxQueued) return RESOLVED;
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  /**
   * Resolves once every event accepted so far has finished: its callback settled (and a failure was
   * reported), or it was dropped by `close` and the callback running at that moment settled.
   */
  whenIdle(): Promise<void> {
    if (this.finished === this.accepted || (this.closed && !this.delivering)) return RESOLVED;
    const target = this.accepted;
    return new Promise((resolve) => this.idleWaiters.push({ target, resolve }));
  }

  /** Drops the waiting events; the callback is never called again. A running callback is not interrupted. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    this.wakeSpaceWaiters();
    if (!this.delivering) this.wakeIdleWaiters(Number.POSITIVE_INFINITY);
  }

  private readonly deliverQueued = (): void => {
    while (!this.closed && this.queue.size > 0) {
      const event = this.take();
      try {
        const outcome = this.deliver(event);
        if (isThenable(outcome)) {
          outcome.then(this.afterDelivery, this.afterRejection);
          return;
        }
      } catch (error) {
        // A throwing callback, or a returned thenable whose `then` throws.
        this.afterRejection(error);
        return;
      }
      this.markFinished();
    }
    this.delivering = false;
    if (this.closed) this.wakeIdleWaiters(Number.POSITIVE_INFINITY);
  };

  private readonly afterDelivery = (): void => {
    this.markFinished();
    this.deliverQueued();
  };

  // The reporter never throws nor rejects; continuing on both anyway keeps a broken reporter from
  // freezing delivery (a throw here would escape into a promise chain nobody handles).
  private readonly afterRejection = (error: unknown): void => {
    let reported: Promise<void>;
    try {
      reported = this.reportFailure(error);
    } catch {
      reported = RESOLVED;
    }
    reported.then(this.afterDelivery, this.afterDelivery);
  };

  private take(): T {
    const event = this.queue.shift();
    if (this.spaceWaiters.length > 0 && this.backlog < this.maxQueued) this.wakeSpaceWaiters();
    return event;
  }

  private markFinished(): void {
    this.finished += 1;
    if (this.idleWaiters.length > 0) this.wakeIdleWaiters(this.finished);
  }

  private wakeIdleWaiters(finished: number): void {
    let woken = 0;
    for (const waiter of this.idleWaiters) {
      if (waiter.target > finished) break;
      waiter.resolve();
      woken += 1;
    }
    this.idleWaiters.splice(0, woken);
  }

  private wakeSpaceWaiters(): void {
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
