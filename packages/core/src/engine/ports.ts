import type { EmitEffect } from "../effects.js";
import type {
  DoneEvent,
  ErrorEvent,
  PerformanceEvent,
  ProgressBacktestEvent,
  ProgressWalkerEvent,
  SignalEvent,
  WalkerCompleteEvent,
  WalkerEvent,
  WalkerStopEvent,
} from "../model/events.js";
import type { StrategyContext } from "./strategy-context.js";
import type { LiveStorage } from "./live/storage-port.js";

/**
 * The engine reaches the world only through these ports, so it runs unchanged in Node, a browser
 * or a worker: the `tickfold` package wires Node's clock, the default event bus and the file store.
 */

/** What the engine publishes, topic by topic (an `@tickfold/events` bus is one). */
export interface EngineEvents {
  readonly signal: SignalEvent;
  readonly partialProfit: Extract<EmitEffect, { topic: "partialProfit" }>["event"];
  readonly partialLoss: Extract<EmitEffect, { topic: "partialLoss" }>["event"];
  readonly risk: Extract<EmitEffect, { topic: "risk" }>["event"];
  readonly validation: Extract<EmitEffect, { topic: "validation" }>["event"];
  readonly error: ErrorEvent;
  readonly exit: ErrorEvent;
  readonly doneBacktest: DoneEvent;
  readonly doneWalker: DoneEvent;
  readonly progressBacktest: ProgressBacktestEvent;
  readonly progressWalker: ProgressWalkerEvent;
  readonly performance: PerformanceEvent;
  readonly walker: WalkerEvent;
  readonly walkerComplete: WalkerCompleteEvent;
  readonly walkerStop: WalkerStopEvent;
}

export interface EventSink {
  /** Queues the event for delivery; a returned promise means "wait before emitting more" (backpressure). */
  emit<K extends keyof EngineEvents>(topic: K, payload: EngineEvents[K]): unknown;
  /** Resolves once everything emitted so far was delivered; `done` events are emitted after it. */
  drain(): Promise<void>;
}

/** Wall-clock time, used only to time the engine itself (performance events) and strategy timeouts. */
export interface Clock {
  now(): number;
  /** Calls `fn` after `ms` milliseconds; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
  /**
   * Optional: resolves once `ms` milliseconds have passed. The live runner waits for the next
   * candle with it when present (a simulated clock jumps ahead at once), else through `setTimer`.
   */
  sleep?(ms: number): Promise<void>;
  /**
   * True when waiting takes no real time (`simulatedClock`). The live runner makes its journal
   * durable before every real wait, so a crash while idle loses none of it; a simulated wait
   * lasts no time, so the journal is flushed only before commits (always) and when its buffer
   * fills, not once per quiet candle.
   */
  readonly simulated?: boolean;
  /**
   * Optional: the last time this clock reaches (a simulated clock's recorded data ends there); a
   * wait past it would never return. A live instance whose next wait would pass it ends instead,
   * as a stopped run ends: its journal closed (complete on disk) and its storage released, before
   * it waits once more to say so (`simulatedClock`'s `ended` then resolves).
   */
  readonly end?: number;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Carries the strategy's context into code it calls (the seed-style `getCandles(symbol, interval,
 * limit)` reads it). The default keeps it for the synchronous part of the call; Node's
 * AsyncLocalStorage keeps it across awaits too (the `tickfold` package wires that).
 */
export interface ContextCarrier {
  run<T>(context: StrategyContext, fn: () => T): T;
  current(): StrategyContext | undefined;
}

export interface EnginePorts {
  readonly events: EventSink;
  readonly clock: Clock;
  /** Where live runs keep their state, outbox and journal (see `LiveStorage`); backtests never use it. */
  readonly storage?: LiveStorage;
  readonly logger?: Logger;
  readonly context?: ContextCarrier;
}


/** The synchronous default carrier: a stack, enough for strategies that do not await before reading history. */
export const synchronousContextCarrier = (): ContextCarrier => {
  const stack: StrategyContext[] = [];
  return {
    run: (context, fn) => {
      stack.push(context);
      try {
        return fn();
      } finally {
        stack.pop();
      }
    },
    current: () => stack[stack.length - 1],
  };
};

export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined };
