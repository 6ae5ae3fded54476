import type { RestoreInput } from "../lifecycle/restore.js";
import type { LifecycleInput, LifecycleParams } from "../lifecycle/state.js";

/**
 * One line of an instance's input journal (JSONL, numbers tagged so NaN, ±Infinity and -0
 * survive). The first line of a journal is a `header`; a live instance that restarts appends a
 * `restored` line with what recovery read back (the committed truth), so a replay resets to it
 * exactly where the live run did: inputs journaled before a crash but never committed are then
 * overridden, as they were live. Every other line is an `input` in the order the reducer saw it.
 */
export type JournalEntry =
  | { readonly type: "header"; readonly format: "tickfold-journal"; readonly version: 1; readonly params: LifecycleParams }
  | { readonly type: "input"; readonly input: LifecycleInput }
  | {
      readonly type: "restored";
      readonly restored: RestoreInput;
      /**
       * Time of the last tick whose commit is durable (null: none yet), as recovery read it. A
       * replay then keeps exactly the steps up to that tick: a step journaled and committing when
       * the process died may or may not have landed, and only storage knows. Without it, a replay
       * assumes every journaled commit landed.
       */
      readonly cursor?: number | null;
    };

/** Any line after the first: an input or a restart. */
export type JournalBodyEntry = Exclude<JournalEntry, { readonly type: "header" }>;

/** Where an engine appends its journal; the entry is durable (or queued durably) when append returns. */
export interface JournalPort {
  append(entry: JournalEntry): void | Promise<void>;
}
