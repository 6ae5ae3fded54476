import type { ErrorEvent } from "@tickfold/core";
import type { Topic } from "./event-map.js";

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The error-topic event that reports a subscriber of `topic` throwing or rejecting with `error`. */
export const subscriberFailure = (topic: Topic, error: unknown): ErrorEvent => ({
  error,
  topic,
  message: `A subscriber of the "${topic}" topic failed: ${describe(error)}`,
});
