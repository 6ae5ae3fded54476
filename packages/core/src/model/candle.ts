import * as z from "zod/mini";

/** One OHLCV candle; `timestamp` is the candle's open time in epoch ms (UTC). */
export const CandleSchema = z.object({
  timestamp: z.number().check(z.int()),
  open: z.number().check(z.positive()),
  high: z.number().check(z.positive()),
  low: z.number().check(z.positive()),
  close: z.number().check(z.positive()),
  volume: z.number().check(z.nonnegative()),
});
export type Candle = z.infer<typeof CandleSchema>;

export const MINUTE_MS = 60_000;
