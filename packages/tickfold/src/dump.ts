import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Engine } from "@tickfold/core/engine";
import { loadChartScript } from "./chart-script.js";

/** Where each report kind goes by default (reference §11): `./dump/<kind>/`. */
export const DUMP_DIRS = {
  backtest: "./dump/backtest",
  live: "./dump/live",
  partial: "./dump/partial",
  schedule: "./dump/schedule",
  risk: "./dump/risk",
  walker: "./dump/walker",
} as const;

const write = (dir: string, name: string, files: Readonly<Record<string, string>>): string[] => {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true });
  return Object.entries(files).map(([extension, content]) => {
    const path = join(target, `${name}.${extension}`);
    writeFileSync(path, content);
    return path;
  });
};

/** A file name from user-given names: path separators and the like become `_`. */
const fileName = (...parts: string[]): string => parts.join("_").replace(/[^\p{L}\p{N}._-]+/gu, "_");

/**
 * The `dump` functions of the seed API, on an engine's reports: each writes the markdown report
 * (and, for Backtest and Walker, the self-contained HTML page) and returns the paths written.
 */
export const dumpers = (engine: Engine) => ({
  backtest: (symbol: string, strategyName: string, dir: string = DUMP_DIRS.backtest): string[] =>
    write(dir, fileName(strategyName), {
      md: engine.Backtest.getReport(symbol, strategyName),
      html: engine.Backtest.getHtml(symbol, strategyName, loadChartScript()),
    }),
  live: (symbol: string, strategyName: string, dir: string = DUMP_DIRS.live): string[] =>
    write(dir, fileName(strategyName), { md: engine.Live.getReport(symbol, strategyName) }),
  partial: (symbol: string, strategyName: string, dir: string = DUMP_DIRS.partial): string[] =>
    write(dir, fileName(symbol, strategyName), { md: engine.Partial.getReport(symbol, strategyName) }),
  schedule: (symbol: string, strategyName: string, dir: string = DUMP_DIRS.schedule): string[] =>
    write(dir, fileName(strategyName), { md: engine.Schedule.getReport(symbol, strategyName) }),
  risk: (symbol: string, strategyName: string, dir: string = DUMP_DIRS.risk): string[] =>
    write(dir, fileName(symbol, strategyName), { md: engine.Risk.getReport(symbol, strategyName) }),
  walker: (symbol: string, walkerName: string, dir: string = DUMP_DIRS.walker): string[] =>
    write(dir, fileName(walkerName), {
      md: engine.Walker.getReport(symbol, walkerName),
      html: engine.Walker.getHtml(symbol, walkerName, loadChartScript()),
    }),
});
