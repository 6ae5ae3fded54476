/**
 * A journal's lines one at a time, from any of the forms a journal comes in: the file's bytes (as
 * `readFileSync(path)` or `fetch(…).arrayBuffer()` give them), its text, or its lines (as Redis
 * stores them). Each line is offered as UTF-8 bytes, so the fast readers scan it where it stands,
 * and as text on demand for the general path. Nothing is kept: a replay folds line by line, and a
 * million lines never exist as a million strings when they come as bytes.
 */

import { JournalError } from "./journal-error.js";

/** A journal as its reader takes it. One trailing empty line (the final newline) is allowed, no other. */
export type JournalSource = Uint8Array | ArrayBuffer | string | Iterable<string>;

/**
 * The line being read; one object, moved from line to line (keep nothing of it across lines).
 * When `hasBytes`, `bytes[start…end)` holds the line's UTF-8 bytes and `bytes[end]` is a byte no
 * number and no key of a journal has (a newline, a 0, or past the end of the bytes), so the
 * scanners need no bound. The fast readers accept ASCII patterns only, so any other byte sends a
 * line to the general path.
 */
export interface JournalLine {
  /** 1-based: the number an error names. */
  readonly number: number;
  readonly hasBytes: boolean;
  readonly bytes: Uint8Array;
  /** The same bytes, for reading four at a time. */
  readonly view: DataView;
  readonly start: number;
  readonly end: number;
  /** The line as text (decoded from UTF-8 when it came as bytes). */
  text(): string;
}

/** Calls `visit` with each line in order; the number of lines visited (0: the journal is empty). */
export const forEachJournalLine = (journal: JournalSource, visit: (line: JournalLine) => void): number => {
  if (journal instanceof Uint8Array) return forEachByteLine(journal, visit);
  if (journal instanceof ArrayBuffer) return forEachByteLine(new Uint8Array(journal), visit);
  if (typeof journal === "string") return forEachTextLine(journal.split("\n"), visit);
  if (typeof journal !== "object" || journal === null || !(Symbol.iterator in journal)) {
    throw new TypeError(`journal = ${String(journal)}: must be the journal's bytes (a Uint8Array or an ArrayBuffer), its text or its lines`);
  }
  return forEachTextLine(Array.isArray(journal) ? (journal as ReadonlyArray<string>) : [...journal], visit);
};

/** In every runtime core runs in (Node, browsers, workers); core's lib (ES2022) does not declare them. */
declare const TextEncoder: new () => { encodeInto(text: string, into: Uint8Array): { read: number; written: number } };
declare const TextDecoder: new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => { decode(bytes: Uint8Array): string };

const NEWLINE = 10;

class ByteLine implements JournalLine {
  number = 0;
  readonly hasBytes = true;
  start = 0;
  end = 0;
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  text(): string {
    return utf8.decode(this.bytes.subarray(this.start, this.end));
  }
}

// Fatal: a byte sequence that is not UTF-8 is an error, not a silent U+FFFD. A BOM is kept, so a
// line starting with one is refused as not JSON, as the same text is.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const forEachByteLine = (bytes: Uint8Array, visit: (line: JournalLine) => void): number => {
  const line = new ByteLine(bytes);
  const length = bytes.length;
  let start = 0;
  let number = 0;
  while (start < length) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? length : newline;
    line.number = ++number;
    line.start = start;
    line.end = end;
    visit(line);
    if (newline < 0) break;
    // A final newline ends the journal (the empty line after it is the one allowed).
    start = newline + 1;
  }
  return number;
};

class TextLine implements JournalLine {
  number = 0;
  hasBytes = false;
  readonly start = 0;
  end = 0;
  line = "";
  readonly bytes = new Uint8Array(MAX_FAST_LINE + 1);
  readonly view = new DataView(this.bytes.buffer);
  text(): string {
    return this.line;
  }
}

/**
 * Longest line copied into bytes for the fast readers: longer than any tick, risk or stop line
 * `encodeJournalLine` writes (a tick's numbers are at most 24 characters each). A longer line
 * goes to the general path as it is.
 */
const MAX_FAST_LINE = 511;
const encoder = new TextEncoder();

const notALine = (number: number, value: unknown): JournalError =>
  new JournalError(number, [
    {
      field: "(line)",
      value: typeof value === "object" && value !== null ? "an object" : value,
      rule: "must be a line of text: a journal is read as its bytes, its text or its lines (an entry from parseJournal is written back with encodeJournalLine)",
    },
  ]);

const forEachTextLine = (lines: ReadonlyArray<string>, visit: (line: JournalLine) => void): number => {
  const count = lines.length > 0 && lines[lines.length - 1] === "" ? lines.length - 1 : lines.length;
  const line = new TextLine();
  const target = line.bytes.subarray(0, MAX_FAST_LINE);
  for (let i = 0; i < count; i++) {
    const text = lines[i]!;
    if (typeof text !== "string") throw notALine(i + 1, text);
    line.number = i + 1;
    line.line = text;
    line.hasBytes = false;
    if (text.length <= MAX_FAST_LINE) {
      const { read, written } = encoder.encodeInto(text, target);
      if (read === text.length) {
        line.bytes[written] = 0;
        line.end = written;
        line.hasBytes = true;
      }
    }
    visit(line);
  }
  return count;
};
