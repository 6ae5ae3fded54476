import type { SignalEvent } from "@tickfold/core";
import type { Topic } from "./event-map.js";

/**
 * The mode topic a tick result also goes to. backtest-kit delivers the mode-specific emission
 * before the "all" one (reference §10.1); the bus keeps that order when it queues them.
 */
export const signalModeTopic = (event: SignalEvent): Extract<Topic, "signalLive" | "signalBacktest"> =>
  event.backtest ? "signalBacktest" : "signalLive";
