import { open, type FileHandle } from "node:fs/promises";
import type { LifecycleParams } from "@tickfold/core";
import type { JournalEntry, LiveJournal } from "@tickfold/core/engine";

/** One journal line. Plain JSON for now; the tagged encoder (NaN, ±Infinity, -0) replaces this one function. */
export const encodeJournalEntry = (entry: JournalEntry): string => JSON.stringify(entry);

/**
 * An instance's input journal as a JSONL file, one entry a line. Appends are buffered and made
 * durable by `flush` (append + fsync), which the storage calls before every commit and the runner
 * before every wait: the journal is never behind the committed state, and a tick that commits
 * nothing costs no fsync. A new (or empty) file starts with the header.
 */
export const openJournalFile = async (path: string, params: LifecycleParams): Promise<LiveJournal> => {
  const handle: FileHandle = await open(path, "a");
  const pending: string[] = [];
  if ((await handle.stat()).size === 0) pending.push(encodeJournalEntry({ type: "header", format: "tickfold-journal", version: 1, params }));
  let closed = false;
  const write = async (): Promise<void> => {
    if (pending.length === 0) return;
    const text = `${pending.join("\n")}\n`;
    pending.length = 0;
    await handle.appendFile(text);
    await handle.sync();
  };
  return {
    append: (entry) => {
      if (closed) throw new Error(`journal ${path} is closed`);
      pending.push(encodeJournalEntry(entry));
    },
    flush: write,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await write();
      } finally {
        await handle.close();
      }
    },
  };
};
