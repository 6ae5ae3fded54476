import type * as z from "zod/mini";
import english from "zod/v4/locales/en.js";

/**
 * zod/mini loads no messages (every issue would read "Invalid input"), and zod's global locale is
 * the host's to set. Core's parses carry zod's English messages themselves, so its issue
 * sentences read the same in every runtime, whichever other zod build or locale the host loaded.
 */
const ENGLISH = english().localeError;

/** `schema.safeParse(input)` with core's messages; every core schema is parsed through this. */
export const safeParse = <S extends z.ZodMiniType>(schema: S, input: unknown): z.core.util.SafeParseResult<z.output<S>> =>
  schema.safeParse(input, { error: ENGLISH });
