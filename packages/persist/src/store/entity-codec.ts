import * as E from "fp-ts/lib/Either.js";
import type { DecodeError } from "@tickfold/core";

/**
 * How one kind of stored value is checked. `decode` receives parsed JSON and returns the value as
 * the store hands it out, or the issues naming each offending field and value. The same check runs
 * before a write (nothing invalid reaches the disk) and on read (nothing invalid leaves it).
 */
export interface EntityCodec<T> {
  /** Names the kind of value in messages: "signal", "risk positions". */
  readonly label: string;
  decode(input: unknown): E.Either<DecodeError, T>;
}

/** Accepts any JSON value: for stores whose caller validates, and for custom entities. */
export const anyJsonCodec: EntityCodec<unknown> = { label: "value", decode: (input) => E.right(input) };
