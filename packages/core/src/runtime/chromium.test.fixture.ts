import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

/**
 * The Debian Chromium that `scripts/setup.sh --test` installs, found on PATH the way that
 * script looks for it. playwright-core never downloads a browser of its own, and neither do we.
 */
const findChromium = (): string | null => {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "chromium");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
};

/** Flags that keep Chromium from reaching for the network: this machine refuses its connections. */
const OFFLINE_HEADLESS_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Chromium, or fails saying how to install it: the browser test never skips. */
export const launchChromium = async (): Promise<Browser> => {
  const executablePath = findChromium();
  if (executablePath === null) {
    throw new Error("Chromium is not installed (no `chromium` on PATH): run `bash scripts/setup.sh --test`, then run the tests again");
  }
  return chromium.launch({ executablePath, args: OFFLINE_HEADLESS_ARGS });
};
