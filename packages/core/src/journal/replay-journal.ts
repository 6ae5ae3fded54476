import * as E from "#fp-ts/Either";
import type { Effect, Step } from "../effects.js";
import { restoreLifecycle } from "../lifecycle/restore.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "../lifecycle/state.js";
import { FollowedWatch, stepLifecycle, stepOpenCandle } from "../lifecycle/step.js";
import { isQuietTick } from "../lifecycle/quiet-tick.js";
import { isQuietOpenTick } from "../lifecycle/open-watch.js";
import { serializeReplayInto, type Replay } from "../replay.js";
import type { JournalBodyEntry } from "./entry.js";
import { emptyJournal, JournalError, readJournalBody, readJournalHeader } from "./format.js";
import { forEachJournalLine, type JournalLine, type JournalSource } from "./journal-lines.js";
import { TICK, newTickNumbers, readPlainTick, tickInput } from "./plain-line.js";
import { createSha256 } from "./sha256.js";

/** A journal folded through the lifecycle: the run's final state and effects, and what it read. */
export interface JournalReplay extends Replay {
  readonly params: LifecycleParams;
  /** `input` lines folded. */
  readonly inputs: number;
  /** The same, by kind of input. */
  readonly inputsByKind: Readonly<Record<LifecycleInput["kind"], number>>;
  /** `restored` lines (restarts of a live instance). */
  readonly restores: number;
}

/**
 * Replays a journal (its bytes, its text or its lines) through `stepLifecycle`, one input at a
 * time, as `replayLifecycle` does, segment by segment: a `restored` line resets the state to what
 * the restart read back (`restoreLifecycle`), and the effects of the inputs after the segment's
 * last commit are dropped, because the instance died before committing them (a live restart
 * feeds those prices again, so they come once).
 *
 * It reads as it folds and keeps no line: a tick is read in place into numbers, and a quiet one
 * (`isQuietTick`, `isQuietOpenTick`: the reducer would give back the same state and no effect) is
 * passed by without an object; every other input goes to the reducer. The first bad line, unreadable or refused by
 * the reducer, throws a `JournalError` naming it; what came before it is not returned.
 */
export const replayJournal = (journal: JournalSource): JournalReplay => {
  const fold = new JournalFold();
  if (forEachJournalLine(journal, (line) => fold.read(line)) === 0) throw emptyJournal();
  return fold.result();
};

class JournalFold {
  private params: LifecycleParams | null = null;
  private state: LifecycleState = initialLifecycle();
  private readonly effects: Effect[] = [];
  private readonly counts = { tick: 0, proposal: 0, risk: 0, stop: 0 };
  private restores = 0;
  // Where the current segment's committed effects end: past the whole step that made its last commit.
  private committedEnd = 0;
  // Each committing step's tick and where its effects end, for a restart that names its cursor.
  private readonly commits: Array<{ readonly tick: number; readonly end: number }> = [];
  // The last tick's time: the commits a restart's cursor rolls back are told by it.
  private tick = Number.NaN;
  private readonly watches = new FollowedWatch();
  private readonly numbers = newTickNumbers();

  read(line: JournalLine): void {
    const p = this.params;
    if (p === null) this.params = readJournalHeader(line).params;
    else if (readPlainTick(line, this.numbers)) this.quietOrStep(p, line.number);
    else this.entry(readJournalBody(line), p, line.number);
  }

  /** A plain tick: passed by when quiet, else stepped (an open position's candle without a tick object). */
  private quietOrStep(p: LifecycleParams, line: number): void {
    const { numbers: t, state } = this;
    const time = t[TICK.time]!;
    this.counts.tick++;
    this.tick = time;
    if (state.phase === "open") {
      const watch = this.watches.of(state, p);
      if (isQuietOpenTick(watch, p.progressCallbacks, time, t[TICK.low]!, t[TICK.high]!, t[TICK.price]!)) return;
      let step: Step<LifecycleState>;
      try {
        step = stepOpenCandle(state, time, t[TICK.low]!, t[TICK.high]!, t[TICK.price]!, p, watch);
      } catch (refusal) {
        throw refused(line, tickInput(t), refusal);
      }
      this.apply(step);
    } else if (!isQuietTick(state, time, t[TICK.low]!, t[TICK.high]!, t[TICK.priceBefore]!, p)) this.step(tickInput(t), p, line);
  }

  private entry(entry: JournalBodyEntry, p: LifecycleParams, line: number): void {
    if (entry.type === "input") {
      this.counts[entry.input.kind]++;
      if (entry.input.kind === "tick") this.tick = entry.input.time;
      this.step(entry.input, p, line);
      return;
    }
    const { commits } = this;
    if (entry.cursor !== undefined) {
      // Storage says which commits landed: steps after its cursor are rolled back, even committing ones.
      const cursor = entry.cursor ?? Number.NEGATIVE_INFINITY;
      while (commits.length > 0 && !(commits[commits.length - 1]!.tick <= cursor)) commits.pop();
      this.committedEnd = commits.length === 0 ? 0 : commits[commits.length - 1]!.end;
    }
    this.effects.length = this.committedEnd;
    const restored = restoreLifecycle(entry.restored, p);
    if (E.isLeft(restored)) throw new JournalError(line, restored.left.issues.map((issue) => ({ ...issue, field: `restored.${issue.field}` })));
    this.state = restored.right;
    this.restores++;
  }

  private step(input: LifecycleInput, p: LifecycleParams, line: number): void {
    this.apply(stepAt(this.state, input, p, line));
  }

  private apply([next, produced]: Step<LifecycleState>): void {
    this.state = next;
    if (produced.length === 0) return;
    const { effects } = this;
    let committing = false;
    for (const effect of produced) {
      effects.push(effect);
      committing ||= effect.type === "commit";
    }
    if (committing) {
      this.committedEnd = effects.length;
      this.commits.push({ tick: this.tick, end: this.committedEnd });
    }
  }

  result(): JournalReplay {
    const { counts } = this;
    return {
      params: this.params!,
      state: this.state,
      effects: this.effects,
      inputs: counts.tick + counts.proposal + counts.risk + counts.stop,
      inputsByKind: { ...counts },
      restores: this.restores,
    };
  }
}

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
    throw refused(line, input, refusal);
  }
};

const refused = (line: number, input: LifecycleInput, refusal: unknown): JournalError =>
  new JournalError(line, [{ field: "input", value: input, rule: refusal instanceof Error ? refusal.message : String(refusal) }]);
