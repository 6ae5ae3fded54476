import { z } from "zod";
import { decodeMilestones, DEFAULT_CONFIG, StateChangeSchema, type Issue, type StateChange } from "@tickfold/core";
import * as E from "fp-ts/lib/Either.js";
import { pairIssues, refineCodec, zodCodec } from "../domain/codecs.js";
import type { Pair } from "../domain/layout.js";
import type { EntityCodec } from "../store/entity-codec.js";

/** An event committed with the state, delivered after: its `id` never changes, also on redelivery. */
export const OutboxEventSchema = z.object({
  id: z.string().min(1),
  /** The event bus topic (`signal`, `partialProfit`…). */
  topic: z.string().min(1),
  payload: z.unknown(),
});
export type OutboxEvent = z.infer<typeof OutboxEventSchema>;

/**
 * One committed step of a pair: its changes (the new truth, in order) and the events they produce.
 * It is written before any state file, and removed only after its events were delivered.
 */
export const OutboxRecordSchema = z.object({
  /** Per pair, increasing: recovery replays and redelivers in this order. */
  seq: z.number().int().positive(),
  symbol: z.string().min(1),
  strategyName: z.string().min(1),
  changes: z.array(StateChangeSchema).min(1),
  events: z.array(OutboxEventSchema),
});
export type OutboxRecord = z.infer<typeof OutboxRecordSchema>;

/** A record must belong to its pair's outbox, use configured levels, and name each event once. */
export const outboxCodec = (pair: Pair, levels: ReadonlyArray<number> = DEFAULT_CONFIG.partialLevels): EntityCodec<OutboxRecord> =>
  refineCodec(zodCodec("outbox record", OutboxRecordSchema), (record) => [
    ...pairIssues(record, pair),
    ...record.changes.flatMap((change, index) => changeIssues(change, `changes.${index}`, pair, levels)),
    ...duplicateEventIds(record),
  ]);

const changeIssues = (change: StateChange, field: string, pair: Pair, levels: ReadonlyArray<number>): Issue[] => {
  if (change.kind === "milestone") {
    const decoded = decodeMilestones(change.levels, levels, `${field}.levels`);
    return E.isLeft(decoded) ? [...decoded.left.issues] : [];
  }
  return pairIssues(change.row, pair).map((issue) => ({ ...issue, field: `${field}.row.${issue.field}` }));
};

const duplicateEventIds = (record: OutboxRecord): Issue[] => {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  record.events.forEach((event, index) => {
    if (seen.has(event.id)) issues.push({ field: `events.${index}.id`, value: event.id, rule: "appears twice" });
    seen.add(event.id);
  });
  return issues;
};
