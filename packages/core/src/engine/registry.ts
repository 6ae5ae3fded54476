import type { z } from "zod";
import { formatIssue, zodIssues, type Issue } from "../model/config.js";
import {
  ExchangeSchemaSchema,
  FrameSchemaSchema,
  RiskSchemaSchema,
  StrategySchemaSchema,
  WalkerSchemaSchema,
  type Exchange,
  type Frame,
  type Risk,
  type Strategy,
  type Walker,
} from "./schemas.js";

/** A registration or a run named something wrong: every issue, each naming the field and the value. */
export class RegistrationError extends Error {
  constructor(
    readonly operation: string,
    readonly issues: ReadonlyArray<Issue>,
  ) {
    super(`${operation}: ${issues.map(formatIssue).join("; ")}`);
    this.name = "RegistrationError";
  }
}

type Kind = "strategy" | "exchange" | "frame" | "risk" | "walker";

const registered = (names: Iterable<string>): string => {
  const list = [...names].map((n) => JSON.stringify(n));
  return list.length === 0 ? "none is registered" : `registered: ${list.join(", ")}`;
};

/** One kind of schema, by name: validated on the way in, names listed when a lookup misses. */
class Shelf<T> {
  private readonly items = new Map<string, T>();
  constructor(
    readonly kind: Kind,
    readonly nameField: string,
  ) {}

  add(operation: string, schema: z.ZodType<T>, input: unknown, refine: (value: T) => Issue[] = () => []): T {
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw new RegistrationError(operation, zodIssues(parsed.error, input));
    const value = parsed.data;
    const key = (value as Record<string, string>)[this.nameField]!;
    const issues = refine(value);
    if (this.items.has(key)) issues.unshift({ field: this.nameField, value: key, rule: `is already registered (${registered(this.items.keys())})` });
    if (issues.length > 0) throw new RegistrationError(operation, issues);
    this.items.set(key, value);
    return value;
  }

  /** Issues for a field that must name a registered item; empty when it does. */
  check(field: string, key: unknown): Issue[] {
    return typeof key === "string" && this.items.has(key) ? [] : [{ field, value: key, rule: `is not a registered ${this.kind} (${registered(this.items.keys())})` }];
  }

  get(operation: string, field: string, key: unknown): T {
    const found = typeof key === "string" ? this.items.get(key) : undefined;
    if (found === undefined) throw new RegistrationError(operation, this.check(field, key));
    return found;
  }

  names(): string[] {
    return [...this.items.keys()];
  }

  clear(): void {
    this.items.clear();
  }
}

/**
 * What an engine knows: strategies, exchanges, frames, risk profiles and walkers by name. A schema
 * that names another (a strategy's risk profiles, a walker's exchange, frame and strategies) is
 * checked against what is registered, so register what a schema names first.
 */
export class Registry {
  readonly strategies = new Shelf<Strategy>("strategy", "strategyName");
  readonly exchanges = new Shelf<Exchange>("exchange", "exchangeName");
  readonly frames = new Shelf<Frame>("frame", "frameName");
  readonly risks = new Shelf<Risk>("risk", "riskName");
  readonly walkers = new Shelf<Walker>("walker", "walkerName");

  addStrategy(input: unknown): Strategy {
    return this.strategies.add("addStrategy", StrategySchemaSchema as z.ZodType<Strategy>, input, (s) => [
      ...(s.riskName === undefined ? [] : this.risks.check("riskName", s.riskName)),
      ...(s.riskList ?? []).flatMap((risk, i) => this.risks.check(`riskList.${i}`, risk)),
      ...duplicates(s.riskList ?? [], "riskList"),
    ]);
  }

  addExchange(input: unknown): Exchange {
    return this.exchanges.add("addExchange", ExchangeSchemaSchema as z.ZodType<Exchange>, input);
  }

  addFrame(input: unknown): Frame {
    return this.frames.add("addFrame", FrameSchemaSchema as unknown as z.ZodType<Frame>, input);
  }

  addRisk(input: unknown): Risk {
    return this.risks.add("addRisk", RiskSchemaSchema as unknown as z.ZodType<Risk>, input);
  }

  addWalker(input: unknown): Walker {
    return this.walkers.add("addWalker", WalkerSchemaSchema as unknown as z.ZodType<Walker>, input, (w) => [
      ...this.exchanges.check("exchangeName", w.exchangeName),
      ...this.frames.check("frameName", w.frameName),
      ...w.strategies.flatMap((name, i) => this.strategies.check(`strategies.${i}`, name)),
      ...duplicates(w.strategies, "strategies"),
    ]);
  }

  /** The risk profiles a strategy counts against: `riskName` first, then `riskList`, each once. */
  riskNamesOf(strategy: Strategy): string[] {
    return [...new Set([...(strategy.riskName === undefined ? [] : [strategy.riskName]), ...(strategy.riskList ?? [])])];
  }

  clear(): void {
    for (const shelf of [this.strategies, this.exchanges, this.frames, this.risks, this.walkers]) shelf.clear();
  }
}

const duplicates = (names: ReadonlyArray<string>, field: string): Issue[] =>
  names.flatMap((name, i) => (names.indexOf(name) < i ? [{ field: `${field}.${i}`, value: name, rule: "appears twice" }] : []));

