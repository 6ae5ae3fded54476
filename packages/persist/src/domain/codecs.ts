import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import {
  decodeMilestoneFile,
  decodeRiskPositions,
  encodeMilestoneFile,
  encodeRiskPositions,
  StoredSignalSchema,
  type Issue,
  type MilestoneFile,
  type RiskFile,
  type StoredSignal,
} from "@tickfold/core";
import { decodeError, zodIssues } from "@tickfold/core/internal";
import type { EntityCodec } from "../store/entity-codec.js";
import type { Pair } from "./layout.js";

/** A codec from a zod schema (classic, or core's zod/mini ones): its issues name each field and value. */
export const zodCodec = <S extends z.core.$ZodType>(label: string, schema: S): EntityCodec<z.output<S>> => ({
  label,
  decode: (input) => {
    const parsed = z.safeParse(schema, input);
    return parsed.success ? E.right(parsed.data) : E.left(decodeError(label, zodIssues(parsed.error, input)));
  },
});

/** Adds a check to a codec: `check` returns the issues of a value that is well formed but wrong here. */
export const refineCodec = <T>(codec: EntityCodec<T>, check: (value: T) => Issue[]): EntityCodec<T> => ({
  label: codec.label,
  decode: (input) =>
    E.flatMap(codec.decode(input), (value) => {
      const issues = check(value);
      return issues.length === 0 ? E.right(value) : E.left(decodeError(codec.label, issues));
    }),
});

/**
 * A signal or scheduled-signal file of one pair: a row or null, and a row must belong to the pair
 * the file is named after (a row copied into the wrong folder is not restored as someone's position).
 */
export const pairSignalCodec = (label: string, pair: Pair): EntityCodec<StoredSignal> =>
  refineCodec(zodCodec(label, StoredSignalSchema), (row) => (row === null ? [] : pairIssues(row, pair)));

export const pairIssues = (row: { symbol: string; strategyName: string }, pair: Pair): Issue[] => [
  ...(row.symbol === pair.symbol ? [] : [{ field: "symbol", value: row.symbol, rule: `must be "${pair.symbol}" in this file` }]),
  ...(row.strategyName === pair.strategyName
    ? []
    : [{ field: "strategyName", value: row.strategyName, rule: `must be "${pair.strategyName}" in this file` }]),
];

/** `risk/{riskName}/positions.json`, handed out with keys sorted (the core codec's normal form). */
export const riskCodec: EntityCodec<RiskFile> = {
  label: "risk positions",
  decode: (input) => E.map(encodeRiskPositions)(decodeRiskPositions(input)),
};

/** `partial/…/levels.json`: only the configured levels are valid, each once per side. */
export const partialCodec = (levels: ReadonlyArray<number>): EntityCodec<MilestoneFile> => ({
  label: "milestone levels",
  decode: (input) => E.map(encodeMilestoneFile)(decodeMilestoneFile(input, levels)),
});
