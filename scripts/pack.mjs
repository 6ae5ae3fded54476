// @ts-check
/**
 * `pnpm pack:all [destination]`: builds, then packs every package into `destination` (default
 * `packs/`) with `pnpm pack`, which applies each manifest's `publishConfig` (exports, main and
 * types pointing at dist) and rewrites `workspace:*` dependencies to the packed versions.
 * Prints the tarballs' paths, one a line.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT, packageDirs } from "./build.mjs";

const destination = resolve(process.argv[2] ?? join(ROOT, "packs"));
mkdirSync(destination, { recursive: true });
execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
for (const dir of packageDirs()) {
  execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  const { name, version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  // pnpm's tarball name: the scope's "@" dropped and its "/" made a "-".
  console.log(join(destination, `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`));
}
