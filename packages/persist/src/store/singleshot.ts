/**
 * Wraps an async initialiser so it runs once: concurrent and later callers share its promise.
 * A failed run is forgotten, so the next call tries again (a disk that was briefly unavailable
 * should not poison the store for the life of the process).
 */
export const singleshot = (run: () => Promise<void>): (() => Promise<void>) => {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= run().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};
