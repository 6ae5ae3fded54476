export * from "./model/candle.js";
export * from "./model/signal.js";
export * from "./model/config.js";
export * from "./model/events.js";
export * from "./codec/decode-error.js";
export * from "./codec/milestones.js";
export * from "./codec/risk-positions.js";
