import * as z from "zod/mini";
import english from "zod/v4/locales/en.js";

/**
 * zod/mini loads no messages: without a locale every issue would read "Invalid input". Classic
 * zod installs its English locale globally when imported; core, on zod/mini, installs the same one
 * before its first parse unless the host has chosen a locale already, so issue sentences read as
 * they always did and a host's own locale or error map still wins. The locale is installed once
 * rather than passed to each parse: a per-parse error map costs ~4 µs on every successful parse
 * (measured), which a backtest pays on every proposal.
 */
let localeChecked = false;

const ensureLocale = (): void => {
  localeChecked = true;
  if (z.config().localeError === undefined) z.config(english());
};

/** `schema.safeParse(input)` with zod's English messages; every core schema is parsed through this. */
export const safeParse = <S extends z.ZodMiniType>(schema: S, input: unknown): z.core.util.SafeParseResult<z.output<S>> => {
  if (!localeChecked) ensureLocale();
  return schema.safeParse(input);
};
