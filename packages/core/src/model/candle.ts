import { z } from "zod";

/** One OHLCV candle; `timestamp` is the candle's open time in epoch ms (UTC). */
export const CandleSchema = z.object({
  timestamp: z.number().int(),
  open: z.number().positive(),
  high: z.number().positive(),
  low: z.number().positive(),
  close: z.number().positive(),
  volume: z.number().nonnegative(),
});
export type Candle = z.infer<typeof CandleSchema>;

export const MINUTE_MS = 60_000;
