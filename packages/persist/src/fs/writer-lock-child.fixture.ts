import { PersistBase } from "../store/file-store.js";

/**
 * A process that wants to write `dir`: it initialises a store there, which takes the writer lock.
 * Prints `locked <pid>` and stays alive until killed, or `refused <code> <message>` and exits.
 */
const [dir] = process.argv.slice(2);
if (dir === undefined) throw new Error("usage: writer-lock-child <dir>");
try {
  await new PersistBase("orders", dir).waitForInit();
  process.stdout.write(`locked ${process.pid}\n`);
  setInterval(() => undefined, 60_000);
} catch (error) {
  process.stdout.write(`refused ${(error as { code?: string }).code} ${(error as Error).message}\n`);
  process.exitCode = 2;
}
