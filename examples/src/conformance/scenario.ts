import { z } from "zod";

/** A conformance scenario as described in examples/conformance/README.md. */
export const ScenarioSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  symbol: z.string(),
  candlesFile: z.string(),
  frame: z.object({ startDate: z.string(), endDate: z.string() }),
  config: z.record(z.string(), z.number()).optional(),
  strategy: z.object({
    interval: z.enum(["1m", "3m", "5m", "15m", "30m", "1h"]),
    signals: z.array(
      z.object({
        at: z.string(),
        id: z.string(),
        position: z.enum(["long", "short"]),
        priceOpen: z.number().optional(),
        priceTakeProfit: z.number(),
        priceStopLoss: z.number(),
        minuteEstimatedTime: z.number(),
      }),
    ),
  }),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
