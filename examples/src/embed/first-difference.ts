/**
 * Where two strings part, told so a failing byte-for-byte comparison of large outputs can be read:
 * the offset, both lengths and some context from each side. Null when they are identical.
 */
export const firstDifference = (actual: string, expected: string, context = 60): string | null => {
  if (actual === expected) return null;
  let at = 0;
  while (at < actual.length && at < expected.length && actual.charCodeAt(at) === expected.charCodeAt(at)) at++;
  const around = (text: string): string => JSON.stringify(text.slice(Math.max(0, at - context), at + context));
  return `differs at offset ${at} (lengths ${actual.length} and ${expected.length}): ${around(actual)} vs ${around(expected)}`;
};
