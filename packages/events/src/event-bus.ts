import type { ErrorEvent, SignalEvent } from "@tickfold/core";
import { EventEmitter } from "eventemitter3";
import type { EmitTopic, EventMap, Filter, Listener, Topic, Unsubscribe } from "./event-map.js";
import { MicrotaskBatch } from "./microtask-batch.js";
import { QueuedSubscriber, type DeliveryProgress } from "./queued-subscriber.js";
import { RESOLVED } from "./resolved.js";
import { signalModeTopic } from "./signal-routing.js";
import { subscriberFailure } from "./subscriber-failure.js";

export interface EventBusOptions {
  /**
   * How many events one subscriber may have waiting before `emit` waits for it. A producer that
   * awaits `emit` therefore never makes a slow subscriber hold more than this. Default 1024.
   */
  readonly maxQueued?: number;
  /**
   * Receives failures that cannot go to the error topic: those of error-topic subscribers (reporting
   * them there could loop) and any failure while nobody listens on the error topic. Default: ignore.
   * If it throws, that is ignored too: a report must never crash the engine.
   */
  readonly onUnhandled?: (event: ErrorEvent) => void;
}

const DEFAULT_MAX_QUEUED = 1024;

const ignore = (): void => {};

const checkedMaxQueued = (value: number | undefined): number => {
  if (value === undefined) return DEFAULT_MAX_QUEUED;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`maxQueued must be a whole number of at least 1, got ${String(value)}.`);
  }
  return value;
};

interface Subscription {
  readonly topic: Topic;
  readonly subscriber: DeliveryProgress;
}

/**
 * A typed publish/subscribe bus with one queue per subscriber. eventemitter3 fans an event out to
 * the subscribers' queues synchronously; each queue then delivers on its own, one event at a time,
 * so a slow or failing subscriber never delays or disturbs another.
 */
export class EventBus {
  private readonly emitter = new EventEmitter<Topic>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly deliveryStarts = new MicrotaskBatch();
  private readonly maxQueued: number;
  private readonly onUnhandled: (event: ErrorEvent) => void;
  /** Subscribers whose backlog filled up during the current `emit`; the emit waits for them. */
  private congested: DeliveryProgress[] = [];

  constructor(options: EventBusOptions = {}) {
    this.maxQueued = checkedMaxQueued(options.maxQueued);
    this.onUnhandled = options.onUnhandled ?? ignore;
  }

  /**
   * Queues `payload` for every current subscriber of `topic` and resolves once it is queued
   * everywhere: at once, unless a subscriber's backlog is full, in which case it resolves when that
   * backlog has room again. Delivery happens later, asynchronously. A `signal` event is also queued
   * on `signalLive` or `signalBacktest` according to its `backtest` flag.
   */
  emit<K extends EmitTopic>(topic: K, payload: EventMap[K]): Promise<void> {
    return this.tryEmit(topic, payload) ?? RESOLVED;
  }

  /**
   * `emit` for producers on a hot path: the same queuing, but it returns a promise only when a
   * backlog is full and the producer should wait, and nothing otherwise.
   */
  tryEmit<K extends EmitTopic>(topic: K, payload: EventMap[K]): Promise<void> | undefined {
    if (topic === "signal") this.emitter.emit(signalModeTopic(payload as SignalEvent), payload);
    this.emitter.emit(topic, payload);
    return this.congested.length === 0 ? undefined : this.waitForCongested();
  }

  /** Calls `fn` with every event of `topic`, one at a time and in order, awaiting it in between. */
  listen<K extends Topic>(topic: K, fn: Listener<EventMap[K]>): Unsubscribe {
    return this.subscribe(topic, fn);
  }

  /**
   * Calls `fn` once, with the first event of `topic` that passes `filter`, then unsubscribes.
   * The filter sees events in delivery order, so events that were already queued behind the match
   * are dropped unseen, however long `fn` takes.
   */
  listenOnce<K extends Topic>(topic: K, filter: Filter<EventMap[K]>, fn: Listener<EventMap[K]>): Unsubscribe {
    const unsubscribe = this.subscribe(topic, (event: EventMap[K]) => {
      if (!filter(event)) return undefined;
      unsubscribe();
      return fn(event);
    });
    return unsubscribe;
  }

  /**
   * Resolves once every event emitted before the call has been delivered to every subscriber that
   * had it queued, including the error-topic reports of the failures those deliveries caused.
   */
  async drain(): Promise<void> {
    await this.whenIdle([...this.subscriptions]);
    // Failures reported while the first wait ran are on the error topic now; wait for those too.
    await this.whenIdle([...this.subscriptions].filter((subscription) => subscription.topic === "error"));
  }

  /** How many subscribers `topic` has, so a producer can skip building events nobody listens to. */
  listenerCount(topic: Topic): number {
    return this.emitter.listenerCount(topic);
  }

  private subscribe<K extends Topic>(topic: K, deliver: (event: EventMap[K]) => unknown): Unsubscribe {
    const subscriber = new QueuedSubscriber<EventMap[K]>(deliver, {
      maxQueued: this.maxQueued,
      reportFailure: (error) => this.reportFailure(topic, error),
      schedule: this.deliveryStarts.schedule,
    });
    const subscription: Subscription = { topic, subscriber };
    const enqueue = (event: EventMap[K]): void => {
      if (subscriber.offer(event)) this.congested.push(subscriber);
    };
    this.emitter.on(topic, enqueue);
    this.subscriptions.add(subscription);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.emitter.off(topic, enqueue);
      subscriber.close();
      // Stays visible to drain() until the callback running now (say a Once's fn) has settled.
      void subscriber.whenIdle().then(() => this.subscriptions.delete(subscription));
    };
  }

  private waitForCongested(): Promise<void> {
    const waits = this.congested.map((subscriber) => subscriber.whenBelowLimit());
    this.congested = [];
    return Promise.all(waits).then(ignore);
  }

  private async whenIdle(subscriptions: readonly Subscription[]): Promise<void> {
    await Promise.all(subscriptions.map(({ subscriber }) => subscriber.whenIdle()));
  }

  private reportFailure(topic: Topic, error: unknown): Promise<void> {
    const report = subscriberFailure(topic, error);
    if (topic !== "error" && this.listenerCount("error") > 0) return this.emit("error", report);
    try {
      this.onUnhandled(report);
    } catch {
      // Nowhere left to report to; swallowing is the only way to neither crash nor loop.
    }
    return RESOLVED;
  }
}
