import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The text of lightweight-charts' standalone production build (it defines
 * `window.LightweightCharts`), which the HTML reports inline so they open without a network.
 * Core builds the page from this text and reads no files; the Node package that writes reports
 * reads it once.
 */
let cached: string | undefined;

export const loadChartScript = (): string => {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  // The package exports only its ESM entry and package.json; the standalone build sits beside them.
  const root = dirname(require.resolve("lightweight-charts/package.json"));
  cached = readFileSync(join(root, "dist", "lightweight-charts.standalone.production.js"), "utf8");
  return cached;
};
