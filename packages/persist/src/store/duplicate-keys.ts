/**
 * The first key that appears twice in one object of `text`, which must already be valid JSON.
 * JSON.parse keeps the last of two equal keys silently; a stored file where the same field holds
 * two values is ambiguous, so we refuse it. Keys are compared after unescaping (`"a"` = `"\u0061"`).
 */
export const firstDuplicateKey = (text: string): string | undefined => {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      for (i += 1; text[i] !== '"'; i += 1) if (text[i] === "\\") i += 1;
      const keys = stack.at(-1);
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      expectKey = false;
    } else if (ch === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === "[") {
      stack.push(null);
      expectKey = false;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      expectKey = stack.at(-1) != null;
    }
  }
  return undefined;
};
