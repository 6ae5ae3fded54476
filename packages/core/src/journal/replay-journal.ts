import * as E from "#fp-ts/Either";
import type { Effect, Step } from "../effects.js";
import { restoreLifecycle } from "../lifecycle/restore.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "../lifecycle/state.js";
import { stepLifecycle } from "../lifecycle/step.js";
import { serializeReplayInto, type Replay } from "../replay.js";
import type { JournalEntry } from "./entry.js";
import { JournalError } from "./format.js";
import { createSha256 } from "./sha256.js";

/** A journal folded through the lifecycle: the run's final state and effects, and what it read. */
export interface JournalReplay extends Replay {
  readonly params: LifecycleParams;
  /** `input` lines folded. */
  readonly inputs: number;
  /** `restored` lines (restarts of a live instance). */
  readonly restores: number;
}

/**
 * Replays a journal (as `parseJournal` reads it) through `stepLifecycle`, one input at a time, as
 * `replayLifecycle` does, segment by segment: a `restored` line resets the state to what the
 * restart read back (`restoreLifecycle`), and the effects of the inputs after the segment's last
 * commit are dropped, because the instance died before committing them (a live restart feeds
 * those prices again, so they come once). Entry i is line i + 1: an error names the line. An
 * input that produces nothing costs no copy and no push.
 */
export const replayJournal = (entries: ReadonlyArray<JournalEntry>): JournalReplay => {
  const head = entries[0];
  if (head?.type !== "header") throw new JournalError(1, [{ field: "type", value: head?.type, rule: `the first entry must be the journal's header ("header")` }]);
  const { params } = head;
  let state: LifecycleState = initialLifecycle();
  const effects: Effect[] = [];
  let inputs = 0;
  let restores = 0;
  // Where the current segment's committed effects end: past the whole step that made its last commit.
  let committedEnd = 0;
  // Each committing step's tick and where its effects end, for a restart that names its cursor.
  const commits: Array<{ readonly tick: number; readonly end: number }> = [];
  let tick = Number.NaN;
  for (let i = 1; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.type === "input") {
      if (entry.input.kind === "tick") tick = entry.input.time;
      const [next, produced] = stepAt(state, entry.input, params, i + 1);
      state = next;
      inputs++;
      if (produced.length === 0) continue;
      let committing = false;
      for (const effect of produced) {
        effects.push(effect);
        committing ||= effect.type === "commit";
      }
      if (committing) {
        committedEnd = effects.length;
        commits.push({ tick, end: committedEnd });
      }
      continue;
    }
    if (entry.type === "header") throw new JournalError(i + 1, [{ field: "type", value: "header", rule: "a journal has one header, on its first line" }]);
    if (entry.cursor !== undefined) {
      // Storage says which commits landed: steps after its cursor are rolled back, even committing ones.
      const cursor = entry.cursor ?? Number.NEGATIVE_INFINITY;
      while (commits.length > 0 && !(commits[commits.length - 1]!.tick <= cursor)) commits.pop();
      committedEnd = commits.length === 0 ? 0 : commits[commits.length - 1]!.end;
    }
    effects.length = committedEnd;
    const restored = restoreLifecycle(entry.restored, params);
    if (E.isLeft(restored)) throw new JournalError(i + 1, restored.left.issues.map((issue) => ({ ...issue, field: `restored.${issue.field}` })));
    state = restored.right;
    restores++;
  }
  return { params, state, effects, inputs, restores };
};

/**
 * The fingerprint users compare across runs, machines and runtimes: SHA-256 (hex) of the UTF-8
 * bytes of `serializeReplay` (core's canonical JSON of the final state and every effect in order).
 * The JSON is streamed into the hash effect by effect, the same bytes without the whole string
 * (over 100 MB for a million inputs). The state comes first in it, so the hash starts once the
 * replay is done.
 */
export const fingerprintReplay = (replay: Replay): string => {
  const hash = createSha256();
  serializeReplayInto(replay, (piece) => hash.update(piece));
  return hash.hex();
};

/** `stepLifecycle`, and when it refuses the input, the same refusal naming its journal line. */
const stepAt = (state: LifecycleState, input: LifecycleInput, params: LifecycleParams, line: number): Step<LifecycleState> => {
  try {
    return stepLifecycle(state, input, params);
  } catch (refusal) {
    throw new JournalError(line, [{ field: "input", value: input, rule: refusal instanceof Error ? refusal.message : String(refusal) }]);
  }
};
