// @ts-check
/**
 * `pnpm build`: compiles every package to its `dist/` (ESM, `.d.ts`, source maps) with `tsc -b`.
 * First it deletes outputs whose source is gone: `tsc -b` never removes them, and `pnpm pack`
 * would ship them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const PACKAGES_DIR = join(ROOT, "packages");
/** Every package directory under packages/, in the order tsc -b gets them (it sorts by references). */
export const packageDirs = () => readdirSync(PACKAGES_DIR).map((name) => join(PACKAGES_DIR, name)).filter((dir) => existsSync(join(dir, "package.json")));

/** `dist/a/b.js`, `.d.ts`, `.js.map`, `.d.ts.map` → `src/a/b.ts` (undefined for other files). */
const sourceOf = (relative) => {
  const match = /^(.*)\.(js|d\.ts)(\.map)?$/.exec(relative);
  return match === null ? undefined : `${match[1]}.ts`;
};

/** Removes the files of `dist` that no `src` file produces any more, then empty folders. */
const pruneOrphans = (packageDir) => {
  const walk = (relative) => {
    const here = join(packageDir, "dist", relative);
    for (const entry of readdirSync(here)) {
      const path = join(here, entry);
      const child = relative === "" ? entry : `${relative}/${entry}`;
      if (statSync(path).isDirectory()) {
        walk(child);
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
        continue;
      }
      const source = sourceOf(child);
      if (source !== undefined && !existsSync(join(packageDir, "src", source))) rmSync(path);
    }
  };
  if (existsSync(join(packageDir, "dist"))) walk("");
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dirs = packageDirs();
  dirs.forEach(pruneOrphans);
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-b", ...dirs], { cwd: ROOT, stdio: "inherit" });
}
