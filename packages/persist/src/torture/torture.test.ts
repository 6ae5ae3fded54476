import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { nodeFileSystem } from "../fs/node-file-system.js";
import { releaseWriterLocks } from "../fs/writer-lock.js";
import { createPersistence } from "../persistence.js";
import { planRecovery } from "../recovery/plan-recovery.js";
import { bundleChild } from "./bundle-child.fixture.js";
import type { Model } from "./scenario.fixture.js";
import { modelOf, PAIRS, RISK_NAMES, Scenario, sameModel } from "./scenario.fixture.js";
import { seededRandom as random } from "../testing/seeded-random.js";

/**
 * Crash torture with real processes and real files: a child runs the workload against a directory
 * and is killed with SIGKILL at random moments (during its startup recovery, or while committing
 * and delivering), over and over. After each kill a fresh init in this process must find every
 * file at its old or its new content, no temp file, nothing corrupt; recovery must resolve to the
 * state of the last step the child reported durable, or of the step it was in; and no event of a
 * durable step may be lost, nor any event invented.
 *
 * The child is bundled once with esbuild (a root dev tool) and run by plain node: starting it
 * through tsx costs close to a second per process on this machine, which would make 200 kills
 * take minutes; bundled it starts in about a tenth of that.
 */

const KILLS = Number(process.env.TORTURE_KILLS ?? 200);
const SEED = Number(process.env.TORTURE_SEED ?? Date.now() % 2 ** 31);

let work: string;
let childBundle: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "persist-torture-"));
  childBundle = join(work, "torture-child.mjs");
  await bundleChild(new URL("./torture-child.fixture.ts", import.meta.url), childBundle);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});


interface RunResult {
  /** The child finished its own recovery: from then on its files are exactly the state it started from. */
  readonly ready: boolean;
  readonly lastCommitted: number | undefined;
  readonly killed: boolean;
  readonly output: string;
}

/** Starts the child from state `from` and kills it at a random moment. */
const runAndKill = (dataDir: string, log: string, from: number, next: () => number): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const backlog = Math.floor(next() * 12);
    const child: ChildProcess = spawn(process.execPath, [childBundle, dataDir, log, String(from), String(backlog)], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let buffered = "";
    let lastCommitted: number | undefined;
    let ready = false;
    let timer: NodeJS.Timeout | undefined;
    // A quarter of the kills land during the child's own init and recovery, the rest while it works.
    const duringRecovery = next() < 0.25;
    const delay = duringRecovery ? next() * 4 : next() * 50;
    const arm = (): void => {
      timer ??= setTimeout(() => child.kill("SIGKILL"), delay);
    };
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith("committed ")) lastCommitted = Number(line.slice("committed ".length));
        if (line === "ready") ready = true;
        if (line === (duringRecovery ? "recovering" : "ready")) arm();
      }
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    // `close`, not `exit`: only once the pipes are closed has all the child's output arrived.
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      resolve({ ready, lastCommitted, killed: signal === "SIGKILL", output });
    });
  });

const tempFilesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((path) => nodeFileSystem.isTempFile(path.split(/[\\/]/).at(-1)!))
    : [];

const deliveredIds = (log: string): Set<string> => {
  if (!existsSync(log)) return new Set();
  const text = readFileSync(log, "utf8");
  // A line is complete only with its newline; the child may die in the middle of its last append.
  return new Set(text.split("\n").slice(0, -1));
};

/** Per file: does it hold its content of one of `states` (domain values, absent = empty)? */
const tornFiles = (found: Model, states: ReadonlyArray<Model>): { checked: number; torn: string[] } => {
  const torn: string[] = [];
  let checked = 0;
  const check = (name: string, value: unknown, allowed: unknown[]): void => {
    checked += 1;
    if (!allowed.some((candidate) => sameModelPart(value, candidate))) torn.push(`${name} holds ${JSON.stringify(value)}`);
  };
  PAIRS.forEach((pair, i) => {
    for (const file of ["signal", "schedule", "partial"] as const) {
      check(`${file}/${pair.symbol}_${pair.strategyName}`, found.pairs[i]![file], states.map((s) => s.pairs[i]![file]));
    }
  });
  for (const name of RISK_NAMES) check(`risk/${name}`, found.risk[name], states.map((s) => s.risk[name]));
  return { checked, torn };
};

const sameModelPart = (a: unknown, b: unknown): boolean =>
  sameModel({ pairs: [], risk: { x: a as Record<string, string> } }, { pairs: [], risk: { x: b as Record<string, string> } });

it(`survives ${KILLS} SIGKILLs at random moments without a torn file, a lost update or a lost event`, { timeout: 600_000 }, async () => {
  const next = random(SEED);
  const scenario = new Scenario();
  const dataDir = join(work, "data");
  const log = join(work, "delivered.log");
  const tally = { kills: 0, files: 0, corrupt: 0, lost: 0, torn: 0, inconsistent: 0, lostEvents: 0, invented: 0, redelivered: 0, tempsCleaned: 0, steps: 0, deliveredAhead: 0, failingKills: 0, longestOutbox: 0 };
  const failures: string[] = [];
  const started = Date.now();
  let state = 0;
  // The oldest state a file may still hold: the files only all reach `state` once a child has
  // finished its recovery; until then they may still be half way from the state before it.
  let low = 0;

  while (tally.kills < KILLS) {
    const run = await runAndKill(dataDir, log, state, next);
    if (!run.killed) throw new Error(`the child exited on its own (seed ${SEED}):\n${run.output}`);
    tally.kills += 1;
    const failuresBefore = failures.length;
    const durable = run.lastCommitted ?? state;
    const inFlight = run.ready ? durable + 1 : state;
    if (run.ready) low = durable;

    // A fresh init, as a restarted engine would do it: temp files go, corrupt files are set aside.
    tally.tempsCleaned += tempFilesUnder(dataDir).length;
    const corrupt: string[] = [];
    const persistence = createPersistence({ baseDir: dataDir, onCorrupt: (report) => void corrupt.push(report.message) });
    const snapshot = await persistence.readSnapshot({ pairs: PAIRS });
    // Init took over the dead child's writer lock; the next child needs it.
    await releaseWriterLocks();
    tally.corrupt += corrupt.length;
    failures.push(...corrupt, ...tempFilesUnder(dataDir).map((path) => `temp file left after init: ${path}`));

    // Old or new content: at most two consecutive states (`low` is `inFlight` or one before it).
    const allowed = Array.from({ length: inFlight - low + 1 }, (_, i) => scenario.stateAt(low + i));
    const files = tornFiles(modelOf(snapshot), allowed);
    tally.files += files.checked;
    tally.torn += files.torn.length;
    failures.push(...files.torn.map((text) => `kill ${tally.kills}: ${text}, not its content in state ${low}..${inFlight}`));

    const plan = planRecovery(snapshot);
    const resolved = modelOf(plan.resolved);
    let reached = [durable + 1, durable].find((n) => sameModel(resolved, scenario.stateAt(n)));
    if (reached === undefined) {
      const earlier = Array.from({ length: durable }, (_, n) => n).find((n) => sameModel(resolved, scenario.stateAt(n)));
      if (earlier !== undefined) tally.lost += 1;
      else tally.inconsistent += 1;
      failures.push(`kill ${tally.kills}: recovery resolves to ${earlier === undefined ? "no state of the workload" : `state ${earlier}`}, expected ${durable} or ${durable + 1}`);
      // Go on from the state the files are in, so later kills are still counted; with no known
      // state there is nothing to go on from.
      if (earlier === undefined) break;
      reached = earlier;
    }

    // Every event of a durable step was delivered or is pending; pending ones are the originals.
    const delivered = deliveredIds(log);
    const pending = plan.redeliver.flatMap((record) => record.events);
    tally.longestOutbox = Math.max(tally.longestOutbox, ...snapshot.pairs.map((pair) => pair.records.length));
    const pendingIds = new Set(pending.map((e) => e.id));
    for (let n = 1; n <= reached; n += 1) {
      for (const event of scenario.stepAt(n).events) {
        if (!delivered.has(event.id) && !pendingIds.has(event.id)) {
          tally.lostEvents += 1;
          failures.push(`kill ${tally.kills}: event ${event.id} of step ${n} was lost`);
        }
      }
    }
    // The delivered log against the recovered state: nothing was delivered for a step the state
    // does not contain (an event delivered before its change was durable), nor anything unknown.
    for (const id of delivered) {
      const original = scenario.eventById(id, reached + 1);
      if (original === undefined || original.payload === undefined || (original.payload as { step: number }).step > reached) {
        tally.deliveredAhead += 1;
        failures.push(`kill ${tally.kills}: event ${id} was delivered but its step is not in the recovered state ${reached}`);
      }
    }
    for (const event of pending) {
      const original = scenario.eventById(event.id, reached);
      if (original === undefined || original.payload === undefined || JSON.stringify(original) !== JSON.stringify(event)) {
        tally.invented += 1;
        failures.push(`kill ${tally.kills}: pending event ${event.id} is not an original event`);
      }
      if (delivered.has(event.id)) tally.redelivered += 1;
    }
    state = reached;
    tally.steps = state;
    if (failures.length > failuresBefore) tally.failingKills += 1;
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `crash torture: kills=${tally.kills} files checked=${tally.files} corrupt found=${tally.corrupt} lost updates=${tally.lost} ` +
      `torn files=${tally.torn} inconsistent=${tally.inconsistent} lost events=${tally.lostEvents} invented events=${tally.invented} ` +
      `redelivered=${tally.redelivered} temp files cleaned=${tally.tempsCleaned} steps=${tally.steps} seed=${SEED} in ${seconds}s ` +
      `(delivered ahead of state=${tally.deliveredAhead} failing kills=${tally.failingKills} longest outbox=${tally.longestOutbox})`,
  );
  expect(failures).toEqual([]);
  expect(tally.failingKills).toBe(0);
  // Records really piled up: the outbox was killed with long queues, not only with one record.
  expect(tally.longestOutbox).toBeGreaterThanOrEqual(3);
  expect(tally.kills).toBeGreaterThanOrEqual(KILLS);
  // The workload moves on between kills rather than dying at the same step again and again.
  expect(tally.steps).toBeGreaterThanOrEqual(KILLS / 2);
});
