import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface LocalHub {
  /** e.g. `http://127.0.0.1:40123/`, to use as the hub URL */
  readonly url: string;
  /** paths requested so far, to assert what was downloaded */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * A stand-in for the Hugging Face hub on localhost: answers `/<id>/resolve/<revision>/<file>`
 * from `<root>/<id>/<file>` and 404s anything else, so the hub download path is tested for real
 * without network access.
 */
export async function startLocalHub(root: string): Promise<LocalHub> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
    requests.push(path);
    const match = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(path);
    const file = match ? normalize(join(root, match[1]!, match[2]!)) : null;
    if (!file || !file.startsWith(root)) {
      res.writeHead(404).end('not found');
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-length': body.length }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((ok, fail) => server.close((e) => (e ? fail(e) : ok()))),
  };
}
