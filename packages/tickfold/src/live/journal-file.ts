import { open, type FileHandle } from "node:fs/promises";
import { encodeJournalLine, type LifecycleParams } from "@tickfold/core";
import type { LiveJournal } from "@tickfold/core/engine";

/**
 * An instance's input journal as a JSONL file, one entry a line. Appends are buffered and made
 * durable by `flush` (append + fsync), which the storage calls before every commit and the runner
 * before every real-time wait, and by `append` itself every MAX_PENDING_LINES lines: the journal
 * is never behind the committed state, and a tick that commits nothing costs no fsync. A new (or
 * empty) file starts with the header.
 */
export const openJournalFile = async (path: string, params: LifecycleParams): Promise<LiveJournal> => {
  await cutTornTail(path);
  const handle: FileHandle = await open(path, "a");
  const pending: string[] = [];
  if ((await handle.stat()).size === 0) pending.push(encodeJournalLine({ type: "header", format: "tickfold-journal", version: 1, params }));
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
      pending.push(encodeJournalLine(entry));
      // Quiet candles on a simulated clock flush nowhere else: the buffer stays bounded.
      return pending.length >= MAX_PENDING_LINES ? write() : undefined;
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

/** Lines buffered before an append writes them itself (a few hundred KB). */
const MAX_PENDING_LINES = 2_048;

/**
 * A kill in the middle of an append leaves a last line without its newline. Nothing of it was
 * committed (the commit waits for the flush), so it goes: otherwise the journal would no longer
 * parse, and the restart's lines would be glued to the torn one.
 */
const cutTornTail = async (path: string): Promise<void> => {
  let handle: FileHandle;
  try {
    handle = await open(path, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return;
    // Find the last newline, reading backwards in chunks.
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        await handle.truncate(start + newline + 1);
        await handle.sync();
        return;
      }
      end = start;
    }
    await handle.truncate(0);
    await handle.sync();
  } finally {
    await handle.close();
  }
};
