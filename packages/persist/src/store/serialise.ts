import * as E from "fp-ts/lib/Either.js";
import { formatIssue, type DecodeError } from "@tickfold/core";
import { decodeError } from "@tickfold/core/internal";
import { firstDuplicateKey } from "./duplicate-keys.js";
import type { EntityCodec } from "./entity-codec.js";

/**
 * The largest stored file, 16 MiB: a risk file of some 40,000 positions. Larger values are refused
 * on write, and a larger file found at init is set aside unread (it cannot be one of ours).
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

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
  return E.flatMap(decoded, (checked: T) => {
    const bytes = encoder.encode(JSON.stringify(checked));
    return bytes.byteLength <= MAX_FILE_BYTES ? E.right(bytes) : E.left(tooLarge(codec.label, bytes.byteLength));
  });
};

export const tooLarge = (label: string, size: number): DecodeError =>
  rootIssue(label, `${size} bytes`, `is larger than the limit of ${MAX_FILE_BYTES} bytes (16 MiB)`);

/**
 * Decodes stored bytes, naming what is wrong. A valid file is at most MAX_FILE_BYTES of UTF-8
 * without a byte-order mark, holding one JSON value (whitespace around it as JSON allows) with no
 * key twice in one object, which the codec accepts.
 */
export const parseStored = <T>(codec: EntityCodec<T>, bytes: Uint8Array): E.Either<DecodeError, T> => {
  if (bytes.byteLength === 0) return E.left(rootIssue(codec.label, "", "the file is empty"));
  if (bytes.byteLength > MAX_FILE_BYTES) return E.left(tooLarge(codec.label, bytes.byteLength));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return E.left(rootIssue(codec.label, "EF BB BF", "starts with a byte-order mark, which a stored file never has"));
  }
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
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) return E.left(rootIssue(codec.label, duplicate, "is a key given twice in one object"));
  return codec.decode(json);
};

/** The issues of a decode error as one readable clause: `priceOpen = -1: Too small…; id = "": …`. */
export const describeIssues = (error: DecodeError): string => error.issues.map(formatIssue).join("; ");
