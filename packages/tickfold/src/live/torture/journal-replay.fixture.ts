import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { emittedEvents, replayLifecycle, restoreLifecycle, serializeReplay, type LifecycleInput, type LifecycleParams, type LifecycleState } from "@tickfold/core";

/**
 * The fingerprint of a live journal, the way the torture compares runs: the journal's inputs
 * folded through the reducer, reset to the `restored` state at each restart line (as the live
 * engine was), the commits' events kept once per id (a restart replays the inputs that were
 * journaled but not committed, producing the same ids again), and the final state.
 *
 * The journal is read with plain JSON.parse, matching the plain writer for now; a live run's
 * `endDate` is always Infinity, which plain JSON writes as null, so it is put back here.
 */
export const journalFingerprint = (path: string): { fingerprint: string; events: number } => {
  const lines = readFileSync(path, "utf8").split("\n").filter((line) => line !== "");
  let params: LifecycleParams | undefined;
  let state: LifecycleState | undefined;
  let inputs: LifecycleInput[] = [];
  const seen = new Set<string>();
  const events: unknown[] = [];
  const fold = (): void => {
    if (params === undefined || state === undefined) return;
    const replay = replayLifecycle(inputs, params, state);
    state = replay.state;
    for (const effect of replay.effects) {
      if (effect.type !== "commit") continue;
      for (const { event } of emittedEvents([effect])) {
        const id = (event as { id: string }).id;
        if (seen.has(id)) continue;
        seen.add(id);
        events.push(event);
      }
    }
    inputs = [];
  };
  lines.forEach((line, index) => {
    const entry = JSON.parse(line) as { type: string; params?: LifecycleParams; input?: LifecycleInput; restored?: unknown };
    if (entry.type === "header") {
      if (params !== undefined) throw new Error(`${path}:${index + 1}: a second header`);
      params = { ...entry.params!, endDate: entry.params!.endDate ?? Number.POSITIVE_INFINITY };
    } else if (entry.type === "restored") {
      fold();
      const restored = restoreLifecycle(entry.restored as never, params!);
      if (restored._tag === "Left") throw new Error(`${path}:${index + 1}: ${restored.left.message}`);
      state = restored.right;
    } else if (entry.type === "input") {
      if (state === undefined) throw new Error(`${path}:${index + 1}: an input before the first restored line`);
      inputs.push(entry.input!);
    } else throw new Error(`${path}:${index + 1}: unknown entry type ${JSON.stringify(entry.type)}`);
  });
  fold();
  if (state === undefined) throw new Error(`${path}: no restored line`);
  const canonical = `${JSON.stringify(events)}\n${serializeReplay({ state, effects: [] })}`;
  return { fingerprint: createHash("sha256").update(canonical).digest("hex"), events: events.length };
};
