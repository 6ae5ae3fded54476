import { describe, expect, it } from "vitest";
import { emittedEvents } from "../effects.js";
import { serializeReplay, serializeReplayInto } from "../replay.js";
import type { JournalEntry } from "./entry.js";
import { encodeJournalLine, JournalError, parseJournal } from "./format.js";
import { fingerprintReplay, replayJournal } from "./replay-journal.js";
import { recordSession, SESSION_PARAMS } from "./session.test.fixture.js";
import { createSha256, sha256Hex } from "./sha256.js";

const toText = (entries: ReadonlyArray<JournalEntry>): string => entries.map((entry) => `${encodeJournalLine(entry)}\n`).join("");
const session = recordSession(600);
const text = toText(session.entries);
const lines = text.split("\n");

/** The error `run` throws, for assertions on its fields. */
const thrown = (run: () => unknown): JournalError => {
  try {
    run();
  } catch (error) {
    if (error instanceof JournalError) return error;
    throw error;
  }
  throw new Error("expected a JournalError");
};

describe("the journal format", () => {
  it("writes one line per entry, the header first with its format and version", () => {
    expect(lines).toHaveLength(session.entries.length + 1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: "header", format: "tickfold-journal", version: 1 });
  });

  it("keeps NaN, ±Infinity and -0, which plain JSON turns into null and 0", () => {
    const entries: JournalEntry[] = [
      { type: "header", format: "tickfold-journal", version: 1, params: SESSION_PARAMS },
      { type: "input", input: { kind: "tick", time: 1, low: 2, high: 3, price: -0, priceBefore: Number.NaN } },
      { type: "input", input: { kind: "proposal", proposal: { minuteEstimatedTime: Number.POSITIVE_INFINITY, priceOpen: Number.NEGATIVE_INFINITY } } },
    ];
    const [header, tick, proposal] = parseJournal(toText(entries));
    expect(header).toEqual(entries[0]);
    expect(header?.type === "header" && header.params.endDate).toBe(Number.POSITIVE_INFINITY);
    expect(tick?.type === "input" && tick.input.kind === "tick" && Object.is(tick.input.price, -0)).toBe(true);
    expect(tick?.type === "input" && tick.input.kind === "tick" && tick.input.priceBefore).toBeNaN();
    expect(proposal).toEqual(entries[2]);
  });

  it("reads back exactly what was written, from text or from lines", () => {
    expect(parseJournal(text)).toEqual(session.entries);
    expect(parseJournal(lines.slice(0, -1))).toEqual(session.entries);
  });

  it("names the line and the field of a bad line", () => {
    const bad = [...lines];
    bad[41] = bad[41]!.replace(/"kind":"tick","time":\d+/, '"kind":"tick","time":"soon"');
    expect(bad[41]).toContain('"soon"');
    const error = thrown(() => parseJournal(bad.join("\n")));
    expect(error.line).toBe(42);
    expect(error.message).toMatch(/^journal line 42: input\.time = "soon": /);
  });

  it("names the line of text that is not JSON, an empty line, an unknown input and a second header", () => {
    expect(thrown(() => parseJournal([lines[0]!, lines[1]!, '{"type":"input",']))).toMatchObject({ line: 3, message: expect.stringMatching(/^journal line 3: \(line\) = .*is not JSON/) });
    expect(thrown(() => parseJournal([lines[0]!, "", lines[1]!])).message).toMatch(/^journal line 2: .*an empty line/);
    expect(thrown(() => parseJournal([lines[0]!, '{"type":"input","input":{"kind":"sell"}}'])).line).toBe(2);
    expect(thrown(() => parseJournal([lines[0]!, lines[1]!, lines[0]!])).message).toMatch(/^journal line 3: type = "header": a journal has one header/);
    expect(thrown(() => parseJournal([lines[0]!, '{"type":"input","input":{"kind":"stop"},"extra":1}'])).line).toBe(2);
    expect(thrown(() => parseJournal([lines[1]!])).message).toMatch(/^journal line 1: type = "input": the first line must be the journal's header/);
  });

  it("refuses a journal of another version or another format by name", () => {
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    const v2 = thrown(() => parseJournal([JSON.stringify({ ...header, version: 2 }), lines[1]!]));
    expect(v2.message).toBe("journal line 1: version = 2: tickfold-journal version 2 is not supported; this tickfold reads version 1");
    const other = thrown(() => parseJournal([JSON.stringify({ ...header, format: "backtest-kit-log" })]));
    expect(other.message).toBe('journal line 1: format = "backtest-kit-log": not a tickfold journal (expected "tickfold-journal")');
  });

  it("refuses a header whose config is incomplete or invalid, naming the setting", () => {
    const header = JSON.parse(lines[0]!) as { params: { config: Record<string, unknown> } };
    const { avgPriceCandles: _dropped, ...rest } = header.params.config;
    const missing = { ...header, params: { ...header.params, config: rest } };
    expect(thrown(() => parseJournal([JSON.stringify(missing)])).message).toMatch(/params\.config\.avgPriceCandles = undefined: must be recorded/);
    const invalid = { ...header, params: { ...header.params, config: { ...header.params.config, percentFee: -1 } } };
    expect(thrown(() => parseJournal([JSON.stringify(invalid)])).message).toMatch(/params\.config\.percentFee = -1/);
  });

  it("checks common lines by hand exactly as the schemas would (the fast path accepts no more)", () => {
    const rejected = [
      '{"type":"input","input":{"kind":"tick","time":1,"low":2,"high":3,"price":4}}',
      '{"type":"input","input":{"kind":"tick","time":1,"low":2,"high":3,"price":4,"priceBefore":5,"extra":6}}',
      '{"type":"input","input":{"kind":"tick","time":{"$number":"Infinity"},"low":2,"high":3,"price":4,"priceBefore":5}}',
      '{"type":"input","input":{"kind":"risk","allowed":"yes"}}',
      '{"type":"input","input":{"kind":"stop","now":true}}',
      '{"type":"input","input":{"kind":"stop"},"at":1}',
    ];
    for (const line of rejected) expect(() => parseJournal([lines[0]!, line]), line).toThrow(JournalError);
  });
});

describe("replayJournal", () => {
  it("gives the recording run's events and final state exactly", () => {
    const replay = replayJournal(text);
    expect(replay.inputs).toBe(session.entries.length - 1);
    expect(replay.state).toEqual(session.states.at(-1));
    expect(replay.effects).toEqual(session.effects);
    expect(serializeReplay(replay)).toBe(serializeReplay({ state: session.states.at(-1)!, effects: session.effects }));
    expect(emittedEvents(replay.effects).length).toBeGreaterThan(50);
  });

  it("fingerprints the canonical JSON, streamed in pieces that join to serializeReplay's text", () => {
    const replay = replayJournal(text);
    const pieces: string[] = [];
    serializeReplayInto(replay, (piece) => pieces.push(piece));
    expect(pieces.length).toBe(replay.effects.length + 2);
    expect(pieces.join("")).toBe(serializeReplay(replay));
    expect(fingerprintReplay(replay)).toBe(sha256Hex(serializeReplay(replay)));
  });

  it("changes its fingerprint when one price of the journal changes", () => {
    const base = fingerprintReplay(replayJournal(text));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintReplay(replayJournal(text))).toBe(base);
    // A price the run acts on: the tick whose price the strategy is shown right before it proposes.
    const at = lines.findIndex((line, i) => i > 300 && line.includes('"kind":"tick"') && lines[i + 1]!.includes('"kind":"proposal"'));
    const changed = [...lines];
    changed[at] = changed[at]!.replace(/"priceBefore":([0-9.]+)/, (_all, price: string) => `"priceBefore":${Number(price) + 0.01}`);
    expect(changed[at]).not.toBe(lines[at]);
    expect(fingerprintReplay(replayJournal(changed.join("\n")))).not.toBe(base);
  });

  it("resets to a restored line and drops what the crashed instance had not committed", () => {
    // The instance committed a close (entry c), journaled the next price (the strategy is asked)
    // and the strategy's answer, died before the risk verdict, restarted with what storage held
    // and was fed that price again.
    const c = session.entries.findIndex((_entry, i) => i > 200 && session.states[i]!.phase === "idle" && session.states[i - 1]!.phase === "open");
    expect(session.states.slice(c + 1, c + 3).map((state) => state.phase)).toEqual(["asking", "checking"]);
    const idle = session.states[c]!;
    if (idle.phase !== "idle") throw new Error("entry c leaves the instance idle");
    const crashed: JournalEntry[] = [
      ...session.entries.slice(0, c + 3),
      { type: "restored", restored: { signal: null, schedule: null, lastSignalId: idle.lastSignalId, askedBucket: idle.askedBucket } },
      ...session.entries.slice(c + 1),
    ];
    const replay = replayJournal(toText(crashed));
    expect(replay.restores).toBe(1);
    expect(fingerprintReplay(replay)).toBe(fingerprintReplay(replayJournal(toText(session.entries))));
  });

  it("names the line of a restored state that does not decode and of an input the reducer refuses", () => {
    const restored = [lines[0]!, '{"type":"restored","restored":{"signal":{"id":1},"schedule":null}}'];
    expect(thrown(() => replayJournal(restored)).message).toMatch(/^journal line 2: restored\.signal\./);
    const unasked = [lines[0]!, '{"type":"input","input":{"kind":"risk","allowed":true}}'];
    expect(thrown(() => replayJournal(unasked)).message).toMatch(/^journal line 2: input = .*risk verdict while idle/);
  });
});

describe("replayJournal reading the journal itself", () => {
  const bytes = new TextEncoder().encode(text);
  const expected = serializeReplay({ state: session.states.at(-1)!, effects: session.effects });

  it("replays the same from the file's bytes, its text and its lines, and counts the inputs by kind", () => {
    const generated = function* () {
      yield* lines.slice(0, -1);
    };
    for (const journal of [bytes, bytes.slice().buffer, text, lines, lines.slice(0, -1), generated()]) expect(serializeReplay(replayJournal(journal))).toBe(expected);
    const kinds = { tick: 0, proposal: 0, risk: 0, stop: 0 };
    for (const entry of session.entries) if (entry.type === "input") kinds[entry.input.kind]++;
    expect(replayJournal(bytes).inputsByKind).toEqual(kinds);
    expect(kinds.proposal).toBeGreaterThan(10);
  });

  it("reads lines ending in CRLF, and a last line without its newline, as the text does", () => {
    expect(serializeReplay(replayJournal(new TextEncoder().encode(text.replaceAll("\n", "\r\n"))))).toBe(expected);
    expect(serializeReplay(replayJournal(bytes.subarray(0, bytes.length - 1)))).toBe(expected);
  });

  it("names the line of bytes that are not UTF-8, of a second empty line at the end, of an entry given for a line, and refuses an empty journal", () => {
    const third = bytes.indexOf(10, bytes.indexOf(10) + 1) + 1;
    const broken = Uint8Array.from(bytes);
    broken[third + 30] = 0xff;
    expect(thrown(() => replayJournal(broken))).toMatchObject({ line: 3, message: expect.stringMatching(/^journal line 3: \(line\) = .*is not UTF-8/) });
    expect(thrown(() => replayJournal(`${text}\n`)).line).toBe(lines.length);
    for (const empty of ["", new Uint8Array(0), []]) expect(thrown(() => replayJournal(empty)).line).toBe(1);
    expect(thrown(() => replayJournal(parseJournal(text) as never))).toMatchObject({ line: 1, message: expect.stringMatching(/^journal line 1: \(line\) = "an object": must be a line of text/) });
    expect(() => replayJournal(42 as never)).toThrow(/^journal = 42: must be the journal's bytes/);
  });

  it("stops at the first bad line, even when the lines before it fold", () => {
    const bad = [...lines];
    bad[200] = bad[200]!.replace('"kind":"tick"', '"kind":"tock"');
    expect(thrown(() => replayJournal(bad)).line).toBe(201);
  });
});

describe("sha256Hex", () => {
  it("is Web Crypto's SHA-256 of the UTF-8 bytes, at every padding boundary and for any character", async () => {
    // Past one encoding round (16,384 characters), with a surrogate pair across the round's edge.
    const acrossRounds = `${"a".repeat(16_383)}😀${"é".repeat(20_000)}`;
    const samples = ["", "abc", "é€😀\u{10ffff}", "\ud800 lone", "lone at end \udbff", ...[55, 56, 63, 64, 65, 119, 1000].map((n) => "x".repeat(n)), text.slice(0, 5000), acrossRounds, text];
    for (const sample of samples) {
      const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(sample));
      expect(sha256Hex(sample), JSON.stringify(sample.slice(0, 20))).toBe(Buffer.from(digest).toString("hex"));
    }
  });

  it("gives the same digest fed in pieces cut anywhere, a surrogate pair split between two pieces included", () => {
    for (const sample of ["é€😀\u{10ffff}x😀", "\ud800 lone", "lone at end \udbff", text.slice(0, 20_000)]) {
      for (const cuts of [[1], [2, 3], [5, 6, 7], [sample.length - 1], [0, 0, 16_384]]) {
        const hash = createSha256();
        let at = 0;
        for (const cut of [...cuts, sample.length]) {
          hash.update(sample.slice(at, Math.max(at, cut)));
          at = Math.max(at, cut);
        }
        expect(hash.hex(), JSON.stringify({ cuts, sample: sample.slice(0, 20) })).toBe(sha256Hex(sample));
      }
    }
  });
});
