import { errnoOf } from "../errors/persist-error.js";

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly attempts: number;
  /** Delay before the second attempt; doubled before each later one. */
  readonly firstDelayMs: number;
  /** Injectable so tests do not wait. */
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  firstDelayMs: 50,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Errors that say "try again later" (a scanner or another process holds the file), not "broken". */
const TRANSIENT = new Set(["EBUSY", "EAGAIN", "ETXTBSY", "EMFILE", "ENFILE"]);

export const isTransient = (error: unknown): boolean => TRANSIENT.has(errnoOf(error) ?? "");

/** Runs `task`, retrying with exponential back-off while it fails with a transient error. */
export const retryTransient = async <T>(task: () => Promise<T>, policy: RetryPolicy): Promise<T> => {
  let delay = policy.firstDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      if (!isTransient(error) || attempt >= policy.attempts) throw error;
      await policy.sleep(delay);
      delay *= 2;
    }
  }
};
