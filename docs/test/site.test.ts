/**
 * Builds the site (TypeDoc with the guides, warnings as errors) into a temporary folder, checks
 * every internal link of every page (the file it points to exists, and so does its `#anchor`), and
 * opens pages in headless Chromium (Debian's `chromium`, which `.ci/run` installs) served over HTTP,
 * failing on any console error, page error or failed request.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serveStatic } from '@seq/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const docs = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'seq-site-'));
/** The same build's reflections as JSON, for the checks on the API's comments. */
const reflections = path.join(out, '..', `${path.basename(out)}.json`);
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(reflections, { force: true });
});

/** A TypeDoc reflection, as far as the checks below read it. */
interface Reflection {
  name: string;
  kind: number;
  comment?: { blockTags?: Array<{ tag: string }> };
  signatures?: Reflection[];
  children?: Reflection[];
}

/** TypeDoc's kinds: module 2, variable 32, function 64, class 128. */
const MODULE = 2;
const DOCUMENTED_KINDS = new Map([
  [32, 'variable'],
  [64, 'function'],
  [128, 'class'],
]);

/** Exported functions, classes and constants without an `@example`, as `package: name (kind)`. */
function withoutExample(node: Reflection, where: string, found: string[]): string[] {
  for (const child of node.children ?? []) {
    if (child.kind === MODULE || child.kind === 1) {
      withoutExample(child, where ? `${where}/${child.name}` : child.name, found);
      continue;
    }
    const kind = DOCUMENTED_KINDS.get(child.kind);
    if (!kind) continue;
    const comments = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)];
    const hasExample = comments.some((c) => c?.blockTags?.some((t) => t.tag === '@example'));
    if (!hasExample) found.push(`${where}: ${child.name} (${kind})`);
  }
  return found;
}

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

/** Where Debian installs Chromium; `.ci/run` installs it with apt-get. */
const CHROMIUM = '/usr/bin/chromium';

describe('the documentation site', () => {
  beforeAll(async () => {
    // The workspace's TypeDoc, run as `pnpm docs` runs it, with the same typedoc.json.
    const typedoc = path.join(
      path.dirname(createRequire(import.meta.url).resolve('typedoc/package.json')),
      'bin',
      'typedoc',
    );
    await promisify(execFile)(process.execPath, [typedoc, '--out', out, '--json', reflections], {
      cwd: docs,
      maxBuffer: 1 << 26,
    });
    // Then the playground's static site, as `pnpm docs` adds it (turbo builds it first).
    await promisify(execFile)(process.execPath, ['add-playground.mjs', out], { cwd: docs });
  }, 600_000);

  it('builds without warnings, and no internal link is broken', () => {
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
  });

  it('has an example for every exported function, class and constant', () => {
    const project = JSON.parse(readFileSync(reflections, 'utf8')) as Reflection;
    expect(project.children?.length).toBeGreaterThanOrEqual(7); // one module per package
    expect(withoutExample(project, '', [])).toEqual([]);
  });

  it('opens in headless Chromium without a console error: the landing page, an API page, a guide', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    const server = await serveStatic(out);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox'],
    });
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const visits: Array<{ page: string; text: string; navigation?: false }> = [
        { page: 'index.html', text: 'In 30 seconds' },
        { page: 'classes/_seq_attention.MultiHeadAttention.html', text: 'MultiHeadAttention' },
        { page: 'documents/Encoder-decoder_translation.html', text: 'Bahdanau' },
        // The landing page's link to the playground, through its redirect page.
        { page: 'media/playground.html', text: 'Forecasting', navigation: false },
      ];
      for (const visit of visits) {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') {
            problems.push(`console error: ${message.text()} (${message.location().url})`);
          }
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
        page.on('response', (response) => {
          if (response.status() >= 400)
            problems.push(`HTTP ${response.status()}: ${response.url()}`);
        });
        const response = await page.goto(`${origin}/${visit.page}`, { waitUntil: 'networkidle' });
        expect(response?.status(), visit.page).toBe(200);
        if (visit.navigation === false) {
          await page.waitForURL(/\/playground\/index\.html/, { timeout: 10_000 });
          await page.waitForSelector('body[data-backend]', { timeout: 30_000 });
        } else {
          // TypeDoc's scripts build the navigation after load: wait for it, then read the page.
          await page.waitForSelector('.tsd-navigation a', { timeout: 10_000 });
        }
        expect(await page.textContent('body'), visit.page).toContain(visit.text);
        expect(problems, visit.page).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});
