/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, in lowercase hex. Written out in core rather
 * than taken from Web Crypto or node:crypto: it is synchronous, needs no secure context, and gives
 * the same digest in Node, workers and browsers, which is the point of a replay fingerprint. A test
 * holds it equal to Web Crypto's digest.
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * Writes the UTF-8 bytes of `text[from, to)` into `out` at `n`, returns the new end. A lone
 * surrogate becomes U+FFFD, as TextEncoder does (core's lib has no TextEncoder); the caller never
 * splits a surrogate pair between two calls.
 */
const encodeUtf8 = (text: string, from: number, to: number, out: Uint8Array, n: number): number => {
  for (let i = from; i < to; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = i + 1 < to ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
        out[n++] = 0xf0 | (code >> 18);
        out[n++] = 0x80 | ((code >> 12) & 0x3f);
        out[n++] = 0x80 | ((code >> 6) & 0x3f);
        out[n++] = 0x80 | (code & 0x3f);
        continue;
      }
      code = 0xfffd;
    }
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  }
  return n;
};

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** Runs the compression function over the 64-byte blocks of `bytes[0, end)` (end a multiple of 64). */
const compress = (h: Int32Array, w: Int32Array, bytes: Uint8Array, end: number): void => {
  let h0 = h[0]!, h1 = h[1]!, h2 = h[2]!, h3 = h[3]!, h4 = h[4]!, h5 = h[5]!, h6 = h[6]!, h7 = h[7]!;
  for (let offset = 0; offset < end; offset += 64) {
    for (let t = 0; t < 16; t++) {
      const i = offset + t * 4;
      w[t] = (bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const a = w[t - 15]!;
      const b = w[t - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, k = h7;
    for (let t = 0; t < 64; t++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + k) | 0;
  }
  h.set([h0, h1, h2, h3, h4, h5, h6, h7]);
};

/** Characters encoded per round: text is hashed through one small buffer, never copied whole. */
const CHUNK = 16_384;

/** A SHA-256 fed text piece by piece: the digest of the UTF-8 bytes of all pieces concatenated. */
export interface Sha256 {
  update(text: string): void;
  /** The lowercase hex digest; the hash takes no more text after it. */
  hex(): string;
}

export const createSha256 = (): Sha256 => {
  const h = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Int32Array(64);
  const buffer = new Uint8Array(CHUNK * 3 + 3 + 128);
  let filled = 0;
  let total = 0;
  // A high surrogate that ended the last piece: its pair may start the next one.
  let pending = "";
  const encode = (text: string, end: number): void => {
    for (let at = 0; at < end; ) {
      let stop = Math.min(end, at + CHUNK);
      // Keep a surrogate pair in one round.
      if (stop < end && isHighSurrogate(text.charCodeAt(stop - 1))) stop++;
      filled = encodeUtf8(text, at, stop, buffer, filled);
      at = stop;
      const full = filled - (filled % 64);
      compress(h, w, buffer, full);
      total += full;
      buffer.copyWithin(0, full, filled);
      filled -= full;
    }
  };
  return {
    update(piece) {
      const text = pending === "" ? piece : pending + piece;
      const held = text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1));
      pending = held ? text.slice(-1) : "";
      encode(text, held ? text.length - 1 : text.length);
    },
    hex() {
      encode(pending, pending.length); // a lone high surrogate: U+FFFD, as TextEncoder writes it
      pending = "";
      // Padding: a 1 bit, zeros, then the bit length as a 64-bit big-endian number.
      total += filled;
      buffer[filled++] = 0x80;
      while (filled % 64 !== 56) buffer[filled++] = 0;
      const bits = total * 8;
      const high = Math.floor(bits / 0x1_0000_0000);
      for (let i = 0; i < 4; i++) buffer[filled + i] = (high >>> (24 - 8 * i)) & 0xff;
      for (let i = 0; i < 4; i++) buffer[filled + 4 + i] = (bits >>> (24 - 8 * i)) & 0xff;
      compress(h, w, buffer, filled + 8);
      let hex = "";
      for (const word of h) hex += (word >>> 0).toString(16).padStart(8, "0");
      return hex;
    },
  };
};

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

export const sha256Hex = (text: string): string => {
  const hash = createSha256();
  hash.update(text);
  return hash.hex();
};
