// `pnpm replay <journal.jsonl> [--events]`: replays a tickfold journal and prints a summary and its
// fingerprint (or, with --events, the effect stream as JSONL). Exit 1 on a bad journal, 2 on usage.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { JournalError, replayJournal } from "@tickfold/core";
import { eventLines, replaySummary } from "./summary.js";

const USAGE = "usage: pnpm replay <journal.jsonl> [--events]";

export const replayCli = (args: ReadonlyArray<string>, cwd: string, print: (line: string) => void, fail: (line: string) => void): number => {
  const files = args.filter((arg) => !arg.startsWith("--"));
  const unknown = args.filter((arg) => arg.startsWith("--") && arg !== "--events");
  if (files.length !== 1 || unknown.length > 0) {
    fail(unknown.length > 0 ? `unknown option ${unknown.join(", ")}; ${USAGE}` : USAGE);
    return 2;
  }
  const path = resolve(cwd, files[0]!);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const replay = replayJournal(bytes);
    if (args.includes("--events")) for (const line of eventLines(replay.effects)) print(line);
    else for (const line of replaySummary(replay)) print(line);
    return 0;
  } catch (error) {
    if (!(error instanceof JournalError)) throw error;
    fail(`${path}: ${error.message}`);
    return 1;
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // pnpm runs scripts from the workspace root; a relative path is the user's, from where they typed it.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  process.exitCode = replayCli(process.argv.slice(2), cwd, (line) => process.stdout.write(`${line}\n`), (line) => process.stderr.write(`${line}\n`));
}
