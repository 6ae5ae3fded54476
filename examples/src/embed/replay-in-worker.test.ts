import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { firstDifference } from "./first-difference.js";
import { replayInNodeWorker } from "./node-worker.js";
import { replayRecording } from "./record.js";
import { embedStreams } from "./scenario.js";

const WORKSPACE_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const DEMO = fileURLToPath(new URL("./replay-in-worker.ts", import.meta.url));

describe("replaying in a node:worker_threads Worker", () => {
  it("gives byte for byte the main thread's output for every stream", async () => {
    const streams = embedStreams();
    const onMainThread = streams.map(replayRecording);
    const inWorker = await replayInNodeWorker(streams);
    expect(inWorker).toHaveLength(streams.length);
    inWorker.forEach((output, i) => expect(firstDifference(output, onMainThread[i]!)).toBeNull());
  });

  it("is what the runnable demo reports", async () => {
    // Started as a user would run it (tsx's loader, from the repository root), in its own process.
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", DEMO], { cwd: WORKSPACE_ROOT });
    expect(stdout).toContain("main thread and worker outputs are identical");
  });
});
