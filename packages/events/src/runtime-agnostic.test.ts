import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The bus must run in a browser or a worker as well as in Node (DESIGN.md): bundling it for the
 * browser fails on any Node built-in it imports, and the bundle must not reach for Node globals.
 */
describe("@tickfold/events outside Node", () => {
  it("bundles for the browser without Node built-ins or Node globals", async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const [bundle] = result.outputFiles;
    expect(result.errors).toEqual([]);
    expect(bundle?.text).toContain("listenSignalLive");
    for (const nodeGlobal of ["process", "Buffer", "setImmediate", "require", "global", "__dirname"]) {
      expect(bundle?.text).not.toMatch(new RegExp(`\\b${nodeGlobal}\\b`));
    }
  });
});
