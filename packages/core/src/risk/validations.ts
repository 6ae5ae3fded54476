import * as z from "zod/mini";
import { formatValue } from "../model/config.js";
import type { RiskValidationPayload } from "./payload.js";
import { isThenable } from "../thenable.js";

/** A user validation rejects by throwing (or rejecting) or by returning `{ reject: reason }`. */
export type RiskValidationFn = (payload: RiskValidationPayload) => unknown;

const isValidation = (value: unknown): boolean => {
  if (typeof value === "function") return true;
  if (typeof value !== "object" || value === null) return false;
  const { validate, note } = value as { validate?: unknown; note?: unknown };
  return typeof validate === "function" && (note === undefined || typeof note === "string");
};

/** A validation as backtest-kit's `addRisk` takes it: a function, or one with a note. */
export const RiskValidationSchema = z.custom<RiskValidationFn | { readonly validate: RiskValidationFn; readonly note?: string }>(
  isValidation,
  { message: "must be a function or { validate: function, note?: string }" },
);
export type RiskValidation = z.infer<typeof RiskValidationSchema>;

/** The rejection comments of one profile's validations: empty when all allow. */
export type RiskRejections = ReadonlyArray<string>;

const NONE: RiskRejections = Object.freeze([]);


const thrownReason = (error: unknown, note: string | undefined): string => {
  const message = error instanceof Error ? error.message : formatValue(error);
  return note === undefined ? message : `${note}: ${message}`;
};

const returnedReason = (result: unknown): string | null => {
  if (typeof result !== "object" || result === null || !("reject" in result)) return null;
  const reason = (result as { reject: unknown }).reject;
  if (reason === undefined || reason === null || reason === false) return null;
  return typeof reason === "string" && reason !== "" ? reason : `rejected (reject = ${formatValue(reason)})`;
};

type Reason = string | null;

const attempt = (validation: RiskValidation, payload: RiskValidationPayload): Reason | Promise<Reason> => {
  const [validate, note] = typeof validation === "function" ? [validation, undefined] : [validation.validate, validation.note];
  let result: unknown;
  try {
    result = validate(payload);
  } catch (error) {
    return thrownReason(error, note);
  }
  if (!isThenable(result)) return returnedReason(result);
  return Promise.resolve(result).then(returnedReason, (error: unknown) => thrownReason(error, note));
};

const runFrom = (validations: ReadonlyArray<RiskValidation>, from: number, payload: RiskValidationPayload): RiskRejections | Promise<RiskRejections> => {
  for (let i = from; i < validations.length; i++) {
    const outcome = attempt(validations[i]!, payload);
    if (isThenable(outcome)) return outcome.then((reason) => (reason === null ? runFrom(validations, i + 1, payload) : [reason]));
    if (outcome !== null) return [outcome];
  }
  return NONE;
};

/**
 * Runs one profile's user validations in order and stops at the first rejection, as backtest-kit
 * does. This calls user code, so it belongs to shells; it stays synchronous until a validation
 * returns a promise, which lets synchronous backtests use it. A rejection's comment is the reason
 * returned, or the thrown error's message (after the validation's note, when it has one).
 */
export const runRiskValidations = (
  validations: ReadonlyArray<RiskValidation>,
  payload: RiskValidationPayload,
): RiskRejections | Promise<RiskRejections> => runFrom(validations, 0, payload);
