import type { ErrorEvent } from "@tickfold/core";
import type { Topic } from "./event-map.js";

/**
 * Words for any thrown value, and never a throw: a subscriber may throw `Object.create(null)`
 * (String() has no toString to call), an Error whose `message` getter throws, a Proxy that throws
 * on every trap, or a value whose `toString` returns an object. Each step is guarded and falls
 * back to the next, ending in a fixed phrase.
 */
export const describeThrown = (error: unknown): string => {
  const attempts: Array<() => unknown> = [
    () => (error instanceof Error ? error.message : undefined),
    () => String(error),
    () => Object.prototype.toString.call(error),
  ];
  for (const attempt of attempts) {
    try {
      const text = attempt();
      if (typeof text === "string") return text;
    } catch {
      // this description failed; try the next one
    }
  }
  return "a value that cannot be described";
};

/** The error-topic event that reports a subscriber of `topic` throwing or rejecting with `error`. */
export const subscriberFailure = (topic: Topic, error: unknown): ErrorEvent => ({
  error,
  topic,
  message: `A subscriber of the "${topic}" topic failed: ${describeThrown(error)}`,
});
