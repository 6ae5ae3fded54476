import { fileURLToPath } from "node:url";
import { build, formatMessages, type Metafile } from "esbuild";

/** The workspace root: esbuild's metafile names its inputs relative to it. */
export const WORKSPACE_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CORE_ENTRY = fileURLToPath(new URL("../index.ts", import.meta.url));

/** Global the IIFE bundle defines, for classic scripts such as a worker built from a Blob. */
export const IIFE_GLOBAL = "tickfold";

export interface CoreBundle {
  readonly code: string;
  readonly metafile: Metafile;
  /** esbuild's warnings, formatted; a clean browser bundle has none. */
  readonly warnings: ReadonlyArray<string>;
}

/**
 * Bundles `@tickfold/core` from its sources for the browser platform, where esbuild refuses every
 * Node built-in (an import of `node:fs` fails the build) and defines `process.env.NODE_ENV` itself.
 */
export const bundleCoreForBrowser = async (format: "esm" | "iife"): Promise<CoreBundle> => {
  const result = await build({
    entryPoints: [CORE_ENTRY],
    absWorkingDir: WORKSPACE_ROOT,
    bundle: true,
    platform: "browser",
    format,
    ...(format === "iife" ? { globalName: IIFE_GLOBAL } : {}),
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error("esbuild produced no output file for @tickfold/core");
  const warnings = await formatMessages(result.warnings, { kind: "warning", color: false });
  return { code, metafile: result.metafile, warnings };
};
