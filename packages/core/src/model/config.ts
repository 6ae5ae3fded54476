import * as z from "zod/mini";
import * as E from "#fp-ts/Either";
import { safeParse } from "./parse.js";
import { closestName } from "./closest-name.js";

/** Price field that decides a take-profit or stop-loss on a candle (SPEC §4). */
export const TriggerSchema = z.enum(["vwap", "wick"]);
export type Trigger = z.infer<typeof TriggerSchema>;

const positiveInt = z.number().check(z.int(), z.positive());
const nonNegative = z.number().check(z.nonnegative());

/** Engine settings with the SPEC defaults; backtest-kit's CC_* names are mapped by `fromBacktestKitConfig`. */
export const ConfigSchema = z.object({
  percentFee: z._default(nonNegative, 0.1),
  percentSlippage: z._default(nonNegative, 0.1),
  avgPriceCandles: z._default(positiveInt, 5),
  scheduleAwaitMinutes: z._default(positiveInt, 120),
  minTakeProfitDistancePercent: z._default(z.number().check(z.positive()), 0.5),
  minStopLossDistancePercent: z._default(z.number().check(z.positive()), 0.5),
  maxStopLossDistancePercent: z._default(z.number().check(z.positive()), 20),
  maxSignalLifetimeMinutes: z._default(positiveInt, 1440),
  positionEntryCost: z._default(z.number().check(z.positive()), 100),
  takeProfitTrigger: z._default(TriggerSchema, "vwap"),
  stopLossTrigger: z._default(TriggerSchema, "wick"),
  /** Milestone levels in percent of the way to TP (profit) or SL (loss), ascending. */
  partialLevels: z._default(
    z.array(z.number().check(z.positive(), z.lte(100))).check(z.minLength(1)),
    [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
  ),
  /** How far back a backtest strategy can read history before the frame starts (`getCandles`), in minutes. */
  historyMinutes: z._default(positiveInt, 43_200),
  /** An async `getSignal` that takes longer is reported on the error topic and counts as no signal. */
  maxSignalGenerationSeconds: z._default(z.number().check(z.positive()), 180),
  /** How many events the report tables keep (statistics always use every event). */
  reportEventLimit: z._default(positiveInt, 250),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Config = Object.freeze(ConfigSchema.parse({})) as Config;

/** One thing wrong with a piece of user input: which field, what value, which rule. */
export interface Issue {
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
}

export const formatIssue = (issue: Issue): string =>
  `${issue.field} = ${formatValue(issue.value)}: ${issue.rule}`;

export const formatValue = (value: unknown): string => {
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

/** The issues of a failed parse of `input`; `at` is where `input` sits in the whole (its field). */
export const zodIssues = (error: z.core.$ZodError, input: unknown, at: ReadonlyArray<PropertyKey> = []): Issue[] =>
  error.issues.map((issue) => ({
    field: [...at, ...issue.path].join(".") || "(root)",
    value: valueAt(input, issue.path),
    rule: issue.message,
  }));

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
};

export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as ReadonlyArray<keyof Config>;

/**
 * Builds a config from overrides on top of `base`, checking every field and the cross-field rules
 * at once: an unknown key (with the closest known name), each field's own rule, and each
 * cross-field rule whose fields are valid on their own. On error nothing changes: the caller keeps
 * its previous config.
 */
export const validateConfig = (
  overrides: Partial<ConfigInput>,
  base: Config = DEFAULT_CONFIG,
): E.Either<Issue[], Config> => {
  const merged: Record<string, unknown> = { ...base, ...overrides };
  const issues: Issue[] = unknownKeyIssues(overrides);
  const valid: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const parsed = safeParse(ConfigSchema.shape[key], merged[key]);
    if (parsed.success) valid[key] = parsed.data;
    else issues.push(...zodIssues(parsed.error, merged[key], [key]));
  }
  issues.push(...crossFieldIssues(valid as Partial<Config>));
  return issues.length > 0 ? E.left(issues) : E.right(valid as Config);
};

const unknownKeyIssues = (overrides: object): Issue[] =>
  Object.entries(overrides).flatMap(([key, value]) => {
    if ((CONFIG_KEYS as ReadonlyArray<string>).includes(key)) return [];
    const ours = (BACKTEST_KIT_NAMES as Record<string, string>)[key];
    const hint = ours !== undefined ? `it is backtest-kit's name for "${ours}"` : `did you mean "${closestName(key, CONFIG_KEYS)}"?`;
    return [{ field: key, value, rule: `is not a config setting (${hint})` }];
  });

/** The rules between fields, each checked when the fields it reads are valid on their own. */
const crossFieldIssues = (c: Partial<Config>): Issue[] => {
  const issues: Issue[] = [];
  const { percentFee, percentSlippage, minTakeProfitDistancePercent, minStopLossDistancePercent, maxStopLossDistancePercent, partialLevels } = c;
  if (percentFee !== undefined && percentSlippage !== undefined && minTakeProfitDistancePercent !== undefined) {
    const costFloor = 2 * percentFee + 2 * percentSlippage;
    if (minTakeProfitDistancePercent < costFloor) {
      issues.push({
        field: "minTakeProfitDistancePercent",
        value: minTakeProfitDistancePercent,
        rule: `must be at least 2·percentFee + 2·percentSlippage = ${costFloor} so a take profit covers its costs`,
      });
    }
  }
  if (minStopLossDistancePercent !== undefined && maxStopLossDistancePercent !== undefined && minStopLossDistancePercent > maxStopLossDistancePercent) {
    issues.push({
      field: "minStopLossDistancePercent",
      value: minStopLossDistancePercent,
      rule: `must not exceed maxStopLossDistancePercent (${maxStopLossDistancePercent})`,
    });
  }
  partialLevels?.forEach((level, index) => {
    const previous = partialLevels[index - 1];
    if (previous !== undefined && level <= previous) {
      issues.push({ field: `partialLevels.${index}`, value: level, rule: "levels must be strictly ascending" });
    }
  });
  return issues;
};

/** A config error for APIs that throw: one sentence per issue. */
export class ConfigError extends Error {
  constructor(readonly issues: ReadonlyArray<Issue>) {
    super(`Invalid config: ${issues.map(formatIssue).join("; ")}`);
    this.name = "ConfigError";
  }
}

/** backtest-kit's global config names, for users moving over and for the conformance scenarios. */
const BACKTEST_KIT_NAMES = {
  CC_PERCENT_FEE: "percentFee",
  CC_PERCENT_SLIPPAGE: "percentSlippage",
  CC_AVG_PRICE_CANDLES_COUNT: "avgPriceCandles",
  CC_SCHEDULE_AWAIT_MINUTES: "scheduleAwaitMinutes",
  CC_MIN_TAKEPROFIT_DISTANCE_PERCENT: "minTakeProfitDistancePercent",
  CC_MIN_STOPLOSS_DISTANCE_PERCENT: "minStopLossDistancePercent",
  CC_MAX_STOPLOSS_DISTANCE_PERCENT: "maxStopLossDistancePercent",
  CC_MAX_SIGNAL_LIFETIME_MINUTES: "maxSignalLifetimeMinutes",
  CC_POSITION_ENTRY_COST: "positionEntryCost",
  CC_MAX_SIGNAL_GENERATION_SECONDS: "maxSignalGenerationSeconds",
} as const satisfies Record<string, keyof Config>;

export type BacktestKitConfig = Partial<Record<keyof typeof BACKTEST_KIT_NAMES, number>>;

export const fromBacktestKitConfig = (input: Record<string, unknown>): E.Either<Issue[], Partial<ConfigInput>> => {
  const issues: Issue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const name = (BACKTEST_KIT_NAMES as Record<string, string>)[key];
    if (name === undefined) {
      issues.push({ field: key, value, rule: `is not a known backtest-kit setting (did you mean "${closestName(key, Object.keys(BACKTEST_KIT_NAMES))}"?)` });
    }
    else out[name] = value;
  }
  return issues.length > 0 ? E.left(issues) : E.right(out as Partial<ConfigInput>);
};

export const toBacktestKitConfig = (config: Config): Record<keyof typeof BACKTEST_KIT_NAMES, number> => {
  const out = {} as Record<keyof typeof BACKTEST_KIT_NAMES, number>;
  for (const [ccName, name] of Object.entries(BACKTEST_KIT_NAMES)) {
    out[ccName as keyof typeof BACKTEST_KIT_NAMES] = config[name] as number;
  }
  return out;
};
