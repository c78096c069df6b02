/**
 * Builds the site (TypeDoc with the guides, warnings as errors) into a temporary folder and checks
 * every internal link of every page: the file it points to exists, and so does its `#anchor`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const docs = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'seq-site-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function pages(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return pages(file);
    return name.endsWith('.html') ? [file] : [];
  });
}

/** The anchors a page defines: `id` and `name` attributes. */
const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (!anchors) {
    const html = readFileSync(file, 'utf8');
    anchors = new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1] as string));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

describe('the documentation site', () => {
  it('builds without warnings, and no internal link is broken', async () => {
    // The workspace's TypeDoc, run as `pnpm docs` runs it, with the same typedoc.json.
    const typedoc = path.join(
      path.dirname(createRequire(import.meta.url).resolve('typedoc/package.json')),
      'bin',
      'typedoc',
    );
    await promisify(execFile)(process.execPath, [typedoc, '--out', out], {
      cwd: docs,
      maxBuffer: 1 << 26,
    });
    const files = pages(out);
    expect(files.length).toBeGreaterThan(50);
    const guides = files.filter((f) => f.includes(`${path.sep}documents${path.sep}`));
    expect(guides.map((f) => path.basename(f))).toContain('Encoder-decoder_translation.html');
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      for (const [, link] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        if (link === undefined || link === '' || link === '#') continue;
        if (/^(?:[a-z]+:|\/\/)/i.test(link)) continue; // http:, https:, mailto:, data:
        const [target = '', anchor] = link.split('#');
        const resolved = target === '' ? file : path.resolve(path.dirname(file), decodeURI(target));
        checked++;
        if (!existsSync(resolved)) {
          broken.push(`${path.relative(out, file)}: ${link} (no such file)`);
        } else if (anchor && resolved.endsWith('.html') && !anchorsOf(resolved).has(anchor)) {
          broken.push(`${path.relative(out, file)}: ${link} (no such anchor)`);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(broken).toEqual([]);
  }, 600_000);
});
