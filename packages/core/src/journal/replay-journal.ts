import * as E from "#fp-ts/Either";
import type { Effect } from "../effects.js";
import { restoreLifecycle } from "../lifecycle/restore.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "../lifecycle/state.js";
import { stepLifecycle } from "../lifecycle/step.js";
import { replayLifecycle, serializeReplay, type Replay } from "../replay.js";
import type { JournalEntry } from "./entry.js";
import { JournalError } from "./format.js";
import { sha256Hex } from "./sha256.js";

/** A journal folded through the lifecycle: the run's final state and effects, and what it read. */
export interface JournalReplay extends Replay {
  readonly params: LifecycleParams;
  /** `input` lines folded. */
  readonly inputs: number;
  /** `restored` lines (restarts of a live instance). */
  readonly restores: number;
}

/**
 * Replays a journal (as `parseJournal` reads it) with `replayLifecycle`, segment by segment: a
 * `restored` line resets the state to what the restart read back (`restoreLifecycle`), and the
 * effects of the inputs after the segment's last commit are dropped, because the instance died
 * before committing them (a live restart feeds those prices again, so they come once). Entry i is
 * line i + 1: an error names the line.
 */
export const replayJournal = (entries: ReadonlyArray<JournalEntry>): JournalReplay => {
  const head = entries[0];
  if (head?.type !== "header") throw new JournalError(1, [{ field: "type", value: head?.type, rule: `the first entry must be the journal's header ("header")` }]);
  const { params } = head;
  let state: LifecycleState = initialLifecycle();
  const effects: Effect[] = [];
  let inputs = 0;
  let restores = 0;
  let segment: LifecycleInput[] = [];
  let segmentStart = 1;
  const fold = (): Effect[] => {
    const replay = replayLifecycleAt(segment, params, state, segmentStart);
    state = replay.state;
    inputs += segment.length;
    return replay.effects as Effect[];
  };
  for (let i = 1; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.type === "input") {
      segment.push(entry.input);
      continue;
    }
    if (entry.type === "header") throw new JournalError(i + 1, [{ field: "type", value: "header", rule: "a journal has one header, on its first line" }]);
    pushAll(effects, committedEffects(segment, params, state, segmentStart));
    inputs += segment.length;
    const restored = restoreLifecycle(entry.restored, params);
    if (E.isLeft(restored)) throw new JournalError(i + 1, restored.left.issues.map((issue) => ({ ...issue, field: `restored.${issue.field}` })));
    state = restored.right;
    restores++;
    segment = [];
    segmentStart = i + 1;
  }
  pushAll(effects, fold());
  return { params, state, effects, inputs, restores };
};

/**
 * The fingerprint users compare across runs, machines and runtimes: SHA-256 (hex) of the UTF-8
 * bytes of `serializeReplay` (core's canonical JSON of the final state and every effect in order).
 */
export const fingerprintReplay = (replay: Replay): string => sha256Hex(serializeReplay({ state: replay.state, effects: replay.effects }));

/** `replayLifecycle`, and when an input is refused, the same refusal naming its journal line. */
const replayLifecycleAt = (inputs: ReadonlyArray<LifecycleInput>, params: LifecycleParams, initial: LifecycleState, firstLine: number): Replay => {
  try {
    return replayLifecycle(inputs, params, initial);
  } catch (error) {
    // The failure path only: step again to find the input the reducer refused.
    let state = initial;
    for (const [index, input] of inputs.entries()) {
      try {
        [state] = stepLifecycle(state, input, params);
      } catch (refusal) {
        throw new JournalError(firstLine + index + 1, [{ field: "input", value: input, rule: refusal instanceof Error ? refusal.message : String(refusal) }]);
      }
    }
    throw error;
  }
};

/**
 * A segment that a restart ended: the effects of its inputs up to the last one whose step
 * committed, which is what the instance had made durable before it died.
 */
const committedEffects = (inputs: ReadonlyArray<LifecycleInput>, params: LifecycleParams, initial: LifecycleState, firstLine: number): Effect[] => {
  const replay = replayLifecycleAt(inputs, params, initial, firstLine);
  let lastCommit = -1;
  for (let i = replay.effects.length - 1; i >= 0 && lastCommit < 0; i--) if (replay.effects[i]!.type === "commit") lastCommit = i;
  if (lastCommit < 0) return [];
  // Extend to the end of that input's step: step again to find where its effects end.
  let state = initial;
  let produced = 0;
  for (const input of inputs) {
    const [next, effects] = stepLifecycle(state, input, params);
    state = next;
    produced += effects.length;
    if (produced > lastCommit) return replay.effects.slice(0, produced);
  }
  return [...replay.effects];
};

const pushAll = (into: Effect[], from: ReadonlyArray<Effect>): void => {
  for (const effect of from) into.push(effect);
};
