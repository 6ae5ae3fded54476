/** One stream entry as the server sends it: its stream id and its fields. */
export interface StreamEntry {
  readonly streamId: string;
  readonly fields: Readonly<Record<string, string>>;
}

const entry = (raw: unknown): StreamEntry | undefined => {
  // A claimed entry that was trimmed away meanwhile comes back with no fields.
  if (!Array.isArray(raw) || !Array.isArray(raw[1])) return undefined;
  const list = raw[1] as string[];
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) fields[String(list[i])] = String(list[i + 1]);
  return { streamId: String(raw[0]), fields };
};

const entries = (raw: unknown): StreamEntry[] => (Array.isArray(raw) ? raw.map(entry).filter((e): e is StreamEntry => e !== undefined) : []);

/** XREADGROUP's reply, RESP2 (`[[key, entries], …]`) or RESP3 (a map key → entries), as [key, entries]. */
export const readGroupReply = (raw: unknown): Array<[string, StreamEntry[]]> => {
  if (raw === null || raw === undefined) return [];
  const pairs: Array<[unknown, unknown]> = Array.isArray(raw)
    ? (raw as Array<[unknown, unknown]>)
    : raw instanceof Map
      ? [...raw.entries()]
      : Object.entries(raw as Record<string, unknown>);
  return pairs.map(([key, list]) => [String(key), entries(list)]);
};

/** XAUTOCLAIM's reply `[next cursor, entries, deleted ids]`. */
export const autoClaimReply = (raw: unknown): { next: string; claimed: StreamEntry[] } => {
  const [next, list] = raw as [unknown, unknown];
  return { next: String(next), claimed: entries(list) };
};
