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

export const fingerprintOf = (value: unknown): string => hashText(canonicalText(value));
