import type { MilestoneFile, RiskFile, SignalRow } from "@tickfold/core";
import type { Pair } from "../domain/layout.js";
import type { OutboxRecord } from "../outbox/outbox-record.js";
import { withMilestones, withRiskPosition } from "../transitions/file-edits.js";
import { planWrites, type PairWrite } from "../transitions/plan-writes.js";
import { sameJson } from "../transitions/same-json.js";
import { reconcilePair, type Fix } from "./reconcile.js";
import type { LiveSnapshot, PairFiles, PairSnapshot } from "./snapshot.js";

/** A file to overwrite with its resolved content. */
export type FileWrite =
  | { readonly file: "signal" | "schedule"; readonly pair: Pair; readonly value: SignalRow | null }
  | { readonly file: "partial"; readonly pair: Pair; readonly value: MilestoneFile }
  | { readonly file: "risk"; readonly riskName: string; readonly value: RiskFile };

export interface RecoveryPlan {
  /** The state after recovery (outbox records are still there until their events are delivered). */
  readonly resolved: LiveSnapshot;
  /** Outbox records replayed, oldest first per pair. */
  readonly replayed: ReadonlyArray<{ readonly pair: Pair; readonly seq: number; readonly kinds: ReadonlyArray<string> }>;
  /** Reconciliation fixes applied after the replay. */
  readonly fixes: ReadonlyArray<Fix>;
  /** The files that differ from what is on disk, with their resolved content. */
  readonly writes: ReadonlyArray<FileWrite>;
  /** Records whose events must be delivered (again, with the same ids), oldest first per pair. */
  readonly redeliver: ReadonlyArray<OutboxRecord>;
}

/** A pair's files while the plan is being made; `files` is replaced, never mutated. */
interface Draft {
  files: PairFiles;
}

const applyWrite = (draft: Draft, risk: Record<string, RiskFile>, write: PairWrite): void => {
  switch (write.target) {
    case "signal":
      draft.files = { ...draft.files, signal: write.value };
      return;
    case "schedule":
      draft.files = { ...draft.files, schedule: write.value };
      return;
    case "partial":
      draft.files = { ...draft.files, partial: withMilestones(draft.files.partial, write.signalId, write.levels) };
      return;
    case "risk":
      risk[write.riskName] = withRiskPosition(risk[write.riskName] ?? [], write.key, write.position);
  }
};

/**
 * Decides what recovery does, without doing it. First every outbox record is replayed in order (a
 * record on disk is a committed change, possibly half applied); then the reconciliation rules fix
 * whatever the records do not explain (files from a backend without outbox, a record set aside as
 * corrupt). Replaying is idempotent and the rules never touch the signal file, so running recovery
 * again after a crash in the middle of it reaches the same state.
 */
export const planRecovery = (snapshot: LiveSnapshot): RecoveryPlan => {
  const risk: Record<string, RiskFile> = Object.assign(Object.create(null), snapshot.risk);
  const drafts = snapshot.pairs.map((pair) => {
    const draft: Draft = { files: pair.files };
    return { pair, draft };
  });
  const replayed: Array<{ pair: Pair; seq: number; kinds: string[] }> = [];
  for (const { pair, draft } of drafts) {
    for (const record of pair.records) {
      for (const change of record.changes) for (const write of planWrites(change)) applyWrite(draft, risk, write);
      replayed.push({ pair: pair.scope, seq: record.seq, kinds: record.changes.map((change) => change.kind) });
    }
  }
  const fixes: Fix[] = [];
  for (const { pair, draft } of drafts) {
    for (const fix of reconcilePair(pair.scope, draft.files, risk)) {
      applyWrite(draft, risk, fix.write);
      fixes.push(fix);
    }
  }
  const resolved: LiveSnapshot = {
    pairs: drafts.map(({ pair, draft }): PairSnapshot => ({ ...pair, files: draft.files })),
    risk,
  };
  return {
    resolved,
    replayed,
    fixes,
    writes: changedFiles(snapshot, resolved),
    redeliver: snapshot.pairs.flatMap((pair) => pair.records),
  };
};

/** Truth first here too: open positions, then the slots derived from them, then erasures. */
const changedFiles = (before: LiveSnapshot, after: LiveSnapshot): FileWrite[] => {
  const writes: FileWrite[] = [];
  const pairs = after.pairs.map((pair, index) => ({ pair, old: before.pairs[index]!.files }));
  for (const { pair, old } of pairs) {
    if (!sameJson(old.signal, pair.files.signal)) writes.push({ file: "signal", pair: pair.scope, value: pair.files.signal });
  }
  for (const [riskName, value] of Object.entries(after.risk)) {
    if (!sameJson(before.risk[riskName] ?? [], value)) writes.push({ file: "risk", riskName, value });
  }
  for (const { pair, old } of pairs) {
    if (!sameJson(old.partial, pair.files.partial)) writes.push({ file: "partial", pair: pair.scope, value: pair.files.partial });
  }
  for (const { pair, old } of pairs) {
    if (!sameJson(old.schedule, pair.files.schedule)) writes.push({ file: "schedule", pair: pair.scope, value: pair.files.schedule });
  }
  return writes;
};
