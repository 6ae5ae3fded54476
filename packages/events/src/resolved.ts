/** One promise that is already resolved, shared so that fast paths allocate nothing. */
export const RESOLVED: Promise<void> = Promise.resolve();
