/**
 * Canonical text of a JSON-like value: object keys sorted, numbers written so that -0, NaN and
 * ±Infinity stay distinct. Equal values give equal text whatever order their keys were built in.
 */
export const canonicalText = (value: unknown): string => {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== "function")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalText(v)}`).join(",")}}`;
  }
  return JSON.stringify(String(value));
};

/**
 * Two 32-bit FNV-1a hashes of the text's UTF-16 code units (different offset bases), as 16 hex
 * digits: small, pure, the same on every machine, and fast on the megabytes a year of trades
 * makes. Not cryptographic; it tells runs apart, it does not protect them.
 */
export const hashText = (text: string): string => {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
};

/** An object's keys in canonical order, each quoted with its colon (with and without the comma before it). */
interface Layout {
  readonly keys: ReadonlyArray<string>;
  readonly quoted: ReadonlyArray<string>;
  readonly separated: ReadonlyArray<string>;
}
/**
 * Layouts by the keys' own order: the events of a run are built by a few constructors, so a few
 * layouts serve them all and the sorting and quoting happen once per layout, not per object.
 */
const layouts = new Map<string, Layout>();
const layoutOf = (keys: string[]): Layout => {
  const id = JSON.stringify(keys);
  let layout = layouts.get(id);
  if (layout === undefined) {
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    layout = { keys: sorted, quoted: sorted.map((k) => `${JSON.stringify(k)}:`), separated: sorted.map((k) => `,${JSON.stringify(k)}:`) };
    // Arbitrary data could make endless layouts: keep the common ones, build the rare ones each time.
    if (layouts.size < 1_000) layouts.set(id, layout);
  }
  return layout;
};

/**
 * The two FNV-1a states of `hashText`, fed piece by piece: hashing a value's canonical text as it
 * is written gives the hash of the whole text without building it (a year of closed signals is
 * megabytes of text, which the sweep's workers made and threw away once per run).
 */
class CanonicalHash {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  text(text: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      a = Math.imul(a ^ unit, 0x01000193);
      b = Math.imul(b ^ unit, 0x01000193);
    }
    this.a = a;
    this.b = b;
  }

  /** Hashes `canonicalText(value)`, piece by piece, in the same order. */
  value(value: unknown): void {
    if (value === null || value === undefined) return this.text("null");
    if (typeof value === "number") return this.text(Object.is(value, -0) ? "-0" : String(value));
    if (typeof value === "string") return this.text(JSON.stringify(value));
    if (typeof value === "boolean") return this.text(value ? "true" : "false");
    if (Array.isArray(value)) {
      this.text("[");
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.text(",");
        this.value(value[i]);
      }
      return this.text("]");
    }
    if (typeof value === "object") {
      const record = value as Record<string, unknown>;
      const layout = layoutOf(Object.keys(record));
      let first = true;
      this.text("{");
      for (let i = 0; i < layout.keys.length; i++) {
        const field = record[layout.keys[i]!];
        if (field === undefined || typeof field === "function") continue;
        this.text(first ? layout.quoted[i]! : layout.separated[i]!);
        first = false;
        this.value(field);
      }
      return this.text("}");
    }
    return this.text(JSON.stringify(String(value)));
  }

  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, "0") + (this.b >>> 0).toString(16).padStart(8, "0");
  }
}

/** `hashText(canonicalText(value))`, computed without the text. */
export const fingerprintOf = (value: unknown): string => {
  const hash = new CanonicalHash();
  hash.value(value);
  return hash.digest();
};
