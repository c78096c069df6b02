import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveStatic } from './serve-static.js';

describe('serveStatic', () => {
  it('serves files with their types, a folder as its index.html, and nothing outside the folder', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'seq-serve-'));
    mkdirSync(path.join(root, 'sub'));
    writeFileSync(path.join(root, 'index.html'), '<p>home</p>');
    writeFileSync(path.join(root, 'sub', 'index.html'), '<p>sub</p>');
    writeFileSync(path.join(root, 'a.wasm'), 'w');
    writeFileSync(path.join(root, '..', `${path.basename(root)}-secret.txt`), 'secret');
    const server = await serveStatic(root);
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const home = await fetch(`${origin}/`);
      expect([home.status, home.headers.get('content-type'), await home.text()]).toEqual([
        200,
        'text/html',
        '<p>home</p>',
      ]);
      expect(await (await fetch(`${origin}/sub/`)).text()).toBe('<p>sub</p>');
      expect((await fetch(`${origin}/a.wasm`)).headers.get('content-type')).toBe(
        'application/wasm',
      );
      expect((await fetch(`${origin}/missing.js`)).status).toBe(404);
      const sibling = `${origin}/..%2F${path.basename(root)}-secret.txt`; // shares the prefix
      expect((await fetch(sibling)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
