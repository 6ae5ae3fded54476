import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StaticFile {
  readonly contentType: string;
  readonly body: string;
}

export interface StaticServer {
  /** Origin with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/**
 * Serves a fixed set of in-memory files on the loopback interface: a page needs a real origin for
 * module scripts and fetch, and the browser reaches nothing else. Unknown paths answer 404.
 * `headers` go out with every file, e.g. a Content-Security-Policy the page must live under.
 */
export const serveStatic = async (
  files: ReadonlyMap<string, StaticFile>,
  headers: Readonly<Record<string, string>> = {},
): Promise<StaticServer> => {
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? "/", "http://localhost").pathname);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { ...headers, "content-type": file.contentType, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
};
