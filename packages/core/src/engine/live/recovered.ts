import type { CommittedRecord, LiveMeta, RecoveredInstance } from "./storage-port.js";

/** A pair's files after recovery resolved them, as any `LiveStorage` keeps them. */
export interface ResolvedFiles {
  /** The open position, or null. */
  readonly signal: { readonly id: string } | null;
  /** The scheduled signal, or null. */
  readonly schedule: unknown;
  /** Milestone levels by signal id. */
  readonly partial: Readonly<Record<string, unknown>>;
}

/**
 * What `LiveStorage.recover` returns, from the resolved files, the newest committed meta (null when
 * nothing was ever committed) and the records still to deliver: one rule for every storage, so a
 * file and a Redis restart restore the same state from the same truth.
 */
export const recoveredInstance = (files: ResolvedFiles, meta: LiveMeta | null, redeliver: ReadonlyArray<CommittedRecord>): RecoveredInstance => ({
  restored: {
    signal: files.signal,
    schedule: files.schedule,
    // Only the open signal's levels: a closed signal's leftovers restore nothing.
    ...(files.signal !== null && files.partial[files.signal.id] !== undefined ? { milestones: files.partial[files.signal.id] } : {}),
    lastSignalId: meta?.lastSignalId ?? null,
    askedBucket: meta?.askedBucket ?? null,
  },
  cursor: meta?.cursor ?? null,
  ...(meta?.updatesFrom === undefined ? {} : { updatesFrom: meta.updatesFrom }),
  redeliver,
});

/** A meta read back must be what a commit wrote; anything else is named, never guessed around. */
export const checkLiveMeta = (value: unknown, where: string): LiveMeta => {
  const meta = value as Partial<LiveMeta> | null;
  const problems: string[] = [];
  if (typeof meta !== "object" || meta === null) throw new TypeError(`${where}: live meta = ${JSON.stringify(value)} must be an object`);
  if (typeof meta.cursor !== "number" || !Number.isInteger(meta.cursor)) problems.push(`cursor = ${JSON.stringify(meta.cursor)} must be a tick time in ms`);
  if (meta.lastSignalId !== null && typeof meta.lastSignalId !== "string") problems.push(`lastSignalId = ${JSON.stringify(meta.lastSignalId)} must be a string or null`);
  if (meta.askedBucket !== null && !Number.isInteger(meta.askedBucket)) problems.push(`askedBucket = ${JSON.stringify(meta.askedBucket)} must be a whole number or null`);
  if (meta.updatesFrom !== undefined && !Number.isInteger(meta.updatesFrom)) problems.push(`updatesFrom = ${JSON.stringify(meta.updatesFrom)} must be a time in ms when present`);
  if (problems.length > 0) throw new TypeError(`${where}: invalid live meta: ${problems.join("; ")}`);
  return meta as LiveMeta;
};
