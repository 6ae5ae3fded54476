import { spawn, type ChildProcess } from "node:child_process";
import { createServer, Socket } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * One real redis-server (Debian's) for the whole suite, on a free loopback port, started only
 * when no REDIS_URL is given. Tests read `process.env.REDIS_URL` (the forked workers inherit it)
 * and keep apart by key prefix. The server keeps nothing on disk and stops with the suite.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.REDIS_URL) return;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "tickfold-redis-"));
  let server: ChildProcess;
  try {
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  } catch (error) {
    throw new Error(`could not start redis-server (run \`bash scripts/setup.sh --test\`): ${String(error)}`);
  }
  const failed = new Promise<never>((_, reject) => {
    server.once("error", (error) => reject(new Error(`could not start redis-server (run \`bash scripts/setup.sh --test\`): ${error.message}`)));
    server.once("exit", (code) => reject(new Error(`redis-server exited with code ${code} before it accepted connections`)));
  });
  await Promise.race([waitForPort(port), failed]);
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => (server.exitCode === null ? server.once("exit", resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });

const waitForPort = async (port: number): Promise<void> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => (socket.destroy(), resolve(false)));
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not accept connections on 127.0.0.1:${port} within 5 s`);
};
