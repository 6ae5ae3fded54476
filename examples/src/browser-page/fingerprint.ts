/** SHA-256 of a replay's canonical JSON, in hex: Web Crypto, the same in Node and in the page. */
export const fingerprint = async (serialized: string): Promise<string> => {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(serialized));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
};
