import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { partialCodec, pairSignalCodec, riskCodec } from "../domain/codecs.js";
import { BTC, opened, row } from "../live-state.fixture.js";
import { outboxCodec } from "../outbox/outbox-record.js";
import { SimulatedDisk } from "../testing/simulated-disk.js";
import type { CorruptFileReport } from "./corrupt-report.js";
import type { EntityCodec } from "./entity-codec.js";
import { PersistBase } from "./file-store.js";

/**
 * Whatever bytes a stored file holds, init must neither throw nor hang, and exactly one of two
 * things happens: the value is accepted and reads back as what the codec makes of those bytes,
 * or the file is set aside byte for byte, reported once, and reads as absent. Fuzzed per domain
 * with raw bytes, arbitrary JSON, and valid files with one field replaced by arbitrary JSON.
 */
interface Domain {
  readonly name: string;
  readonly codec: EntityCodec<unknown>;
  readonly valid: unknown;
}

const active = opened(row(BTC, "s1"));
const DOMAINS: ReadonlyArray<Domain> = [
  { name: "signal", codec: pairSignalCodec("signal", BTC) as EntityCodec<unknown>, valid: active },
  { name: "schedule", codec: pairSignalCodec("scheduled signal", BTC) as EntityCodec<unknown>, valid: row(BTC, "s1") },
  {
    name: "risk",
    codec: riskCodec as EntityCodec<unknown>,
    valid: [["trend:BTCUSDT", { signalId: "s1", position: "long", priceOpen: 100, priceStopLoss: 95, priceTakeProfit: 110, openedAt: 1 }]],
  },
  { name: "partial", codec: partialCodec([10, 20, 30]) as EntityCodec<unknown>, valid: { s1: { profitLevels: [10, 20], lossLevels: [] } } },
  {
    name: "outbox",
    codec: outboxCodec(BTC) as EntityCodec<unknown>,
    valid: { seq: 1, symbol: "BTCUSDT", strategyName: "trend", changes: [{ kind: "open", row: active, riskNames: ["portfolio"] }], events: [{ id: "s1:opened", topic: "signal", payload: {} }] },
  },
];

const encoder = new TextEncoder();
const json = fc.jsonValue();

/** A valid value with one key (at any depth) replaced by arbitrary JSON, or removed. */
const mutated = (valid: unknown): fc.Arbitrary<unknown> =>
  fc.tuple(fc.nat(), json, fc.boolean()).map(([pick, replacement, remove]) => {
    const copy = JSON.parse(JSON.stringify(valid)) as unknown;
    const slots: Array<[Record<string, unknown>, string]> = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      for (const key of Object.keys(node)) {
        slots.push([node as Record<string, unknown>, key]);
        walk((node as Record<string, unknown>)[key]);
      }
    };
    walk(copy);
    const [parent, key] = slots[pick % slots.length]!;
    if (remove && !Array.isArray(parent)) delete parent[key];
    else parent[key] = replacement;
    return copy;
  });

const storedBytes = (domain: Domain): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    json.map((value) => encoder.encode(JSON.stringify(value))),
    mutated(domain.valid).map((value) => encoder.encode(JSON.stringify(value))),
    // Well-formed JSON text around the valid value: whitespace, a BOM, a duplicated key.
    fc.constantFrom("\uFEFF", " \n\t", "").map((prefix) => encoder.encode(`${prefix}${JSON.stringify(domain.valid)}`)),
    fc.constant(encoder.encode(JSON.stringify(domain.valid).replace(/^\{/, '{"seq":2,').replace(/^\[/, "["))),
  );

describe("init on a stored file holding anything", () => {
  for (const domain of DOMAINS) {
    it(`${domain.name}: accepts exactly what the codec accepts, sets everything else aside byte for byte`, async () => {
      let accepted = 0;
      let setAside = 0;
      await fc.assert(
        fc.asyncProperty(storedBytes(domain), async (bytes) => {
          const disk = new SimulatedDisk();
          disk.putDurable("/data/entity/x.json", bytes);
          const reports: CorruptFileReport[] = [];
          const store = new PersistBase<unknown>("entity", "/data", { codec: domain.codec, fs: disk, onCorrupt: (r) => void reports.push(r), now: () => 5 });
          await store.waitForInit();
          const expected = expectedValue(domain.codec, bytes);
          if (expected !== undefined) {
            accepted += 1;
            expect(reports).toEqual([]);
            expect(await store.readValue("x")).toEqual(expected.value);
          } else {
            setAside += 1;
            expect(await store.hasValue("x")).toBe(false);
            expect(reports).toHaveLength(1);
            expect(disk.files()).toEqual(["/data/entity/x.json.corrupt-5"]);
            expect(new Uint8Array(await disk.readFile("/data/entity/x.json.corrupt-5", Infinity))).toEqual(bytes);
          }
        }),
      );
      // Both outcomes were exercised, so the property is not vacuous.
      expect(accepted).toBeGreaterThan(0);
      expect(setAside).toBeGreaterThan(0);
    });
  }
});

/**
 * What a valid file must decode to, computed independently of the store's parser: strict UTF-8
 * without a BOM, JSON whose re-serialisation round-trips with no key lost (no duplicates), and
 * the codec's verdict. Undefined when the file is not valid.
 */
const expectedValue = (codec: EntityCodec<unknown>, bytes: Uint8Array): { value: unknown } | undefined => {
  if (bytes.byteLength === 0 || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (countKeys(text) !== countParsedKeys(parsed)) return undefined;
  const decoded = codec.decode(parsed);
  return E.isRight(decoded) ? { value: decoded.right } : undefined;
};

/** Keys written in the text: every string token followed by a colon. */
const countKeys = (text: string): number => (text.match(/"(?:[^"\\]|\\.)*"\s*:/g) ?? []).length;
const countParsedKeys = (value: unknown): number =>
  value === null || typeof value !== "object"
    ? 0
    : Array.isArray(value)
      ? value.reduce((sum: number, item) => sum + countParsedKeys(item), 0)
      : Object.entries(value).reduce((sum, [, item]) => sum + 1 + countParsedKeys(item), 0);
