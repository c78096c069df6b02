import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/**
 * Serves a folder over HTTP on a free local port (a directory serves its `index.html`; paths that
 * leave the folder get 404): what a static host does with a built site, for the browser tests of
 * the docs site and the playground. Close the server when done.
 *
 * @example
 * ```ts
 * const server = await serveStatic(siteFolder);
 * const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
 * // ... open `${origin}/index.html` in the browser ...
 * server.close();
 * ```
 */
export function serveStatic(folder: string): Promise<Server> {
  const root = path.resolve(folder);
  const server = createServer((request, response) => {
    let file = path.join(
      root,
      decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname),
    );
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const inside = file === root || file.startsWith(`${root}${path.sep}`); // not /site-other
    if (!inside || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
