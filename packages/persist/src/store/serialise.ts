import * as E from "fp-ts/lib/Either.js";
import { decodeError, formatIssue, type DecodeError } from "@tickfold/core";
import type { EntityCodec } from "./entity-codec.js";

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

const rootIssue = (label: string, value: unknown, rule: string): DecodeError =>
  decodeError(label, [{ field: "(root)", value, rule }]);

const excerpt = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/**
 * The bytes to store for `value`, or why it is refused. The value goes through JSON and back and
 * then through the codec, so what is written is exactly what a later read will accept.
 */
export const serialise = <T>(codec: EntityCodec<T>, value: T): E.Either<DecodeError, Uint8Array> => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return E.left(rootIssue(codec.label, String(value), `cannot be written as JSON (${(error as Error).message})`));
  }
  if (text === undefined) return E.left(rootIssue(codec.label, value, "cannot be written as JSON"));
  const decoded = codec.decode(JSON.parse(text));
  return E.map((checked: T) => encoder.encode(JSON.stringify(checked)))(decoded);
};

/** Decodes stored bytes, naming what is wrong: empty, not UTF-8, not JSON, or the schema's issues. */
export const parseStored = <T>(codec: EntityCodec<T>, bytes: Uint8Array): E.Either<DecodeError, T> => {
  if (bytes.byteLength === 0) return E.left(rootIssue(codec.label, "", "the file is empty"));
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return E.left(rootIssue(codec.label, `${bytes.byteLength} bytes`, "is not UTF-8 text"));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return E.left(rootIssue(codec.label, excerpt(text), `is not valid JSON (${(error as Error).message})`));
  }
  return codec.decode(json);
};

/** The issues of a decode error as one readable clause: `priceOpen = -1: Too small…; id = "": …`. */
export const describeIssues = (error: DecodeError): string => error.issues.map(formatIssue).join("; ");
