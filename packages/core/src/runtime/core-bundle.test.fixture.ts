import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, formatMessages, type Metafile } from "esbuild";

/** The workspace root: esbuild's metafile names its inputs relative to it. */
export const WORKSPACE_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CORE_ENTRY = fileURLToPath(new URL("../index.ts", import.meta.url));
const CORE_PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** Global the IIFE bundle defines, for classic scripts such as a worker built from a Blob. */
export const IIFE_GLOBAL = "tickfold";

export interface CoreBundle {
  readonly code: string;
  readonly metafile: Metafile;
  /** esbuild's warnings, formatted; a clean browser bundle has none. */
  readonly warnings: ReadonlyArray<string>;
}

/** What to bundle: the whole entry by default, or a user's module importing from `@tickfold/core`. */
export interface BundleOptions {
  readonly minify?: boolean;
  /** Source of a module inside the package, so `@tickfold/core` resolves as a self-reference. */
  readonly source?: string;
}

/**
 * Bundles `@tickfold/core` from its sources for the browser platform, where esbuild refuses every
 * Node built-in (an import of `node:fs` fails the build) and defines `process.env.NODE_ENV` itself.
 */
export const bundleCoreForBrowser = async (format: "esm" | "iife", options: BundleOptions = {}): Promise<CoreBundle> => {
  const result = await build({
    ...(options.source === undefined
      ? { entryPoints: [CORE_ENTRY] }
      : { stdin: { contents: options.source, resolveDir: CORE_PACKAGE_DIR, sourcefile: "user-module.ts", loader: "ts" as const } }),
    absWorkingDir: WORKSPACE_ROOT,
    bundle: true,
    minify: options.minify ?? false,
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

/** The bundle's size as a user's server sends it: gzip at zlib's default level. */
export const gzippedBytes = (bundle: CoreBundle): number => gzipSync(bundle.code).length;
