import { execFile, spawn } from "node:child_process";
import { cp, mkdtemp, open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The packages as a user gets them: packed by `pnpm pack:all` (built, publishConfig applied,
 * workspace versions filled in), linted by publint and Are The Types Wrong, then installed with
 * npm into a project outside the workspace and used by plain node scripts and by tsc.
 */

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CONSUMER = fileURLToPath(new URL("./consumer/", import.meta.url));
const BIN = join(ROOT, "node_modules", ".bin");
const run = promisify(execFile);

/** The workspace's pnpm-run environment minus pnpm's npm_* settings, which npm warns about or obeys. */
const KEPT_NPM_SETTINGS = new Set(["npm_config_registry", "npm_config_cache", "npm_config_userconfig"]);
const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || KEPT_NPM_SETTINGS.has(key.toLowerCase())));

interface Manifest {
  name: string;
  version: string;
  exports: Record<string, { types: string; default: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  imports?: Record<string, unknown>;
}

/**
 * Runs a command with its stdout in `file`, whatever its exit code. Into a file, not a pipe: attw
 * exits right after writing its report, which cuts off what a pipe had not yet taken.
 */
const writeOutputTo = async (file: string, command: string, args: string[]): Promise<void> => {
  const out = await open(file, "w");
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ["ignore", out.fd, "inherit"] });
      child.on("error", reject).on("close", () => resolve());
    });
  } finally {
    await out.close();
  }
};

interface AttwReport {
  analysis: {
    packageName: string;
    problems: Array<{ kind: string; resolutionKind?: string; resolutionOption?: string; moduleSpecifier?: string; fileName?: string }>;
  };
}

/** Resolutions the esm-only profile leaves out: these packages have no CommonJS entry by design. */
const IGNORED_RESOLUTIONS = new Set(["node10", "node16-cjs"]);

/**
 * attw's problems under the esm-only profile, less one attw cannot judge: a `#` import in a
 * declaration that the manifest's `imports` maps to a dependency (core's `#fp-ts/Either`). attw
 * loads only the package, not its dependencies, so it reports those unresolved; the tsc test
 * below resolves them for real against the installed dependency.
 */
const unexplainedTypeProblems = (report: AttwReport): string[] => {
  const manifest = packed.get(report.analysis.packageName)!;
  const mappedToDependency = (specifier: string | undefined) => {
    const target = JSON.stringify(manifest.imports?.[specifier ?? ""] ?? null);
    return Object.keys(manifest.dependencies ?? {}).some((dependency) => target.includes(`"${dependency}/`));
  };
  return report.analysis.problems
    .filter((problem) => !IGNORED_RESOLUTIONS.has(problem.resolutionKind ?? "") && !IGNORED_RESOLUTIONS.has(problem.resolutionOption ?? ""))
    .filter((problem) => !(problem.kind === "InternalResolutionError" && mappedToDependency(problem.moduleSpecifier)))
    .map((problem) => JSON.stringify(problem));
};

let scratch: string;
let tarballs: string[];
const tarballOf = new Map<string, string>();
/** The manifest of each tarball (what npm will see), by package name. */
const packed = new Map<string, Manifest>();
/** The workspace's manifest of each package, by name. */
const workspace = new Map<string, Manifest>();

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "tickfold-packed-"));
  const { stdout } = await run(process.execPath, [join(ROOT, "scripts", "pack.mjs"), join(scratch, "packs")], { cwd: ROOT });
  tarballs = stdout.trim().split("\n");
  for (const tarball of tarballs) {
    const { stdout: json } = await run("tar", ["-xzOf", tarball, "package/package.json"]);
    const manifest = JSON.parse(json) as Manifest;
    packed.set(manifest.name, manifest);
    tarballOf.set(manifest.name, tarball);
  }
  for (const dir of await readdir(join(ROOT, "packages"))) {
    const manifest = JSON.parse(await readFile(join(ROOT, "packages", dir, "package.json"), "utf8")) as Manifest;
    workspace.set(manifest.name, manifest);
  }
}, 300_000);

afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe("the packed packages", () => {
  it("are one tarball per workspace package", () => {
    expect([...packed.keys()].sort()).toEqual([...workspace.keys()].sort());
    expect([...packed.keys()].sort()).toEqual(["@tickfold/core", "@tickfold/events", "@tickfold/persist", "@tickfold/redis", "tickfold"]);
  });

  it("export every subpath of the workspace, from dist, and depend on versions rather than workspace:", () => {
    for (const [name, manifest] of packed) {
      // A subpath added to `exports` but not to `publishConfig.exports` would vanish on publish.
      expect(Object.keys(manifest.exports), name).toEqual(Object.keys(workspace.get(name)!.exports));
      for (const target of Object.values(manifest.exports)) {
        expect(target.types, name).toMatch(/^\.\/dist\/.+\.d\.ts$/);
        expect(target.default, name).toMatch(/^\.\/dist\/.+\.js$/);
      }
      for (const [dependency, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
        expect(range, `${name} → ${dependency}`).not.toMatch(/^workspace:/);
      }
    }
    expect(packed.get("tickfold")!.dependencies!["@tickfold/core"]).toBe(workspace.get("@tickfold/core")!.version);
  });

  it("ship neither tests, fixtures nor build state, and every built module with its declarations and source maps", async () => {
    for (const tarball of tarballs) {
      const { stdout } = await run("tar", ["-tzf", tarball]);
      const files = stdout.trim().split("\n");
      expect(files.filter((file) => /\.(test|fixture)\.|tsbuildinfo/.test(file)), basename(tarball)).toEqual([]);
      const modules = files.filter((file) => file.startsWith("package/dist/") && file.endsWith(".js"));
      expect(modules.length, basename(tarball)).toBeGreaterThan(1);
      const shipped = new Set(files);
      const missing = modules.flatMap((js) => [js.replace(/\.js$/, ".d.ts"), `${js}.map`, js.replace(/\.js$/, ".d.ts.map")].filter((file) => !shipped.has(file)));
      expect(missing, basename(tarball)).toEqual([]);
    }
  });

  it("pass publint (suggestions included) and Are The Types Wrong for ESM-only packages", async () => {
    const check = async (tarball: string) => {
      const lint = await run(join(BIN, "publint"), ["run", tarball, "--strict"]);
      expect(lint.stdout, basename(tarball)).toContain("All good!");
      // esm-only: these packages have no CommonJS entry by design. It exits non-zero on a problem.
      const report = join(scratch, `${basename(tarball)}.attw.json`);
      await writeOutputTo(report, join(BIN, "attw"), [tarball, "--profile", "esm-only", "--format", "json"]);
      expect(unexplainedTypeProblems(JSON.parse(await readFile(report, "utf8")) as AttwReport), basename(tarball)).toEqual([]);
    };
    await Promise.all(tarballs.map(check));
  }, 120_000);
});

describe("installed with npm in a project outside the workspace", () => {
  let project: string;

  beforeAll(async () => {
    project = join(scratch, "consumer");
    await cp(CONSUMER, project, { recursive: true });
    const dependencies = Object.fromEntries([...tarballOf].map(([name, tarball]) => [name, `file:${tarball}`]));
    // fast-check is the testing kit's peer; @types/node is what a Node user's tsc needs anyway.
    const devDependencies = { "fast-check": packed.get("@tickfold/core")!.peerDependencies!["fast-check"]!, "@types/node": "^20.19.0" };
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies, devDependencies }, null, 2));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project, env: npmEnv });
  }, 300_000);

  it("backtests with the tickfold API, hears the events on the listener and runs the testing kit, under plain node", async () => {
    const { stdout } = await run(process.execPath, ["backtest.mjs"], { cwd: project, env: npmEnv });
    const report = JSON.parse(stdout) as {
      results: string[];
      heard: string[];
      closeReasons: string[];
      pnlPercentages: number[];
      propertyRuns: number;
      runsThatClosed: number;
    };
    expect(report.results.filter((action) => action === "opened").length).toBeGreaterThan(10);
    expect(report.heard).toEqual(report.results);
    // The swing is wide enough for both exits; a real price engine, not a canned answer.
    expect(report.closeReasons).toContain("take_profit");
    expect(report.closeReasons).toContain("stop_loss");
    expect(report.pnlPercentages.every((pnl) => Number.isFinite(pnl))).toBe(true);
    expect(report.propertyRuns).toBe(200);
    expect(report.runsThatClosed).toBeGreaterThan(20);
  });

  it("sweeps a TypeScript strategy module on worker threads, the same ranking on 2 threads and 1, under plain node", async () => {
    const { stdout } = await run(process.execPath, ["sweep.mjs"], { cwd: project, env: npmEnv });
    const report = JSON.parse(stdout) as { two: Array<{ rank: number; fingerprint: string; closed: number }>; one: unknown[] };
    expect(report.two).toHaveLength(3);
    expect(report.two).toEqual(report.one);
    expect(report.two.every((run) => run.closed > 0)).toBe(true);
    expect(new Set(report.two.map((run) => run.fingerprint)).size).toBe(3);
  }, 60_000);

  it("loads @tickfold/redis under plain node and holds a lease on the suite's Redis, exclusively", async () => {
    const { stdout } = await run(process.execPath, ["redis.mjs"], { cwd: project, env: npmEnv });
    const report = JSON.parse(stdout) as { exports: string[]; firstToken: number | null; whileHeld: string | null; afterReleaseToken: number | null };
    expect(report.exports).toEqual(["Lease", "LeaseHeldError", "LeaseLostError", "RedisStorage", "RedisStore", "acquireLease", "connectRedis", "consumeEvents", "createRedisStorage", "redisBackend", "redisLiveStorage"]);
    expect(report.firstToken).toBeGreaterThan(0);
    expect(report.whileHeld).toBeNull();
    // A new owner gets a newer fencing token than the one before.
    expect(report.afterReleaseToken).toBeGreaterThan(report.firstToken!);
  });

  it("type-checks a TypeScript user's file and the scripts with tsc --noEmit", async () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project }).catch((error: { stdout: string }) => error);
    expect(result.stdout).toBe("");
  }, 120_000);
});
