/**
 * Builds the playground with Vite into a temporary folder, serves it over HTTP and drives it in
 * headless Chromium (Debian's `chromium`, which `.ci/run` installs), failing on any console
 * error, page error, failed request or HTTP error: the forecaster trains on wasm, cpu and webgl
 * where the browser has it (its loss goes down, the page keeps drawing, its charts have points),
 * and on an uploaded CSV; a character model saved in Node is uploaded and streams generated text;
 * the date translator trains and draws its attention heatmap. It takes a screenshot of each page
 * (the README's, with `UPDATE_SCREENSHOTS=1`).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fileSystem } from '@seq/core/node';
import { CharTokenizer } from '@seq/data';
import { serveStatic } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCharModel } from '../src/text/char-model.js';
import { charWindows } from '../src/text/char-windows.js';
import { SAMPLE_TEXT } from '../src/text/sample-text.js';

/** Where Debian installs Chromium; `.ci/run` installs it with apt-get. */
const CHROMIUM = '/usr/bin/chromium';
const app = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'seq-playground-'));
/**
 * Every run takes the screenshots; `UPDATE_SCREENSHOTS=1 pnpm --filter playground test` writes them
 * over the README's (`screenshots/`), other runs into the temporary folder, so that a test run
 * leaves the working tree as it found it.
 */
const screenshots = process.env.UPDATE_SCREENSHOTS
  ? path.join(app, 'screenshots')
  : path.join(work, 'screenshots');
const site = path.join(work, 'site');

let server: Server;
let browser: Browser;
let origin: string;

/** A page of the built site, with every problem the browser reports collected. */
async function open(address: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(`${origin}/${address}`);
  expect(response?.status(), address).toBe(200);
  return { page, problems };
}

/** Waits for the page's backend to be ready, and says which one runs. */
async function backendOf(page: Page): Promise<string> {
  await page.waitForSelector('body[data-backend]', { timeout: 30_000 });
  return (await page.textContent('#backend-active')) ?? '';
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  await build({
    root: app,
    configFile: path.join(app, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: site, emptyOutDir: true },
  });
  server = await serveStatic(site);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the playground in headless Chromium', () => {
  it('builds a static site with the wasm binaries and a favicon, within its size budget', () => {
    const assets = readdirSync(path.join(site, 'assets'));
    expect(assets.filter((f) => f.endsWith('.wasm'))).toHaveLength(3);
    expect(readdirSync(site)).toContain('favicon.svg');
    // What every page loads: the HTML, the CSS and every script but the lazy backends.
    let firstLoad = gzipSync(readFileSync(path.join(site, 'index.html'))).length;
    const sizes = assets.map((file) => {
      const bytes = readFileSync(path.join(site, 'assets', file));
      const gzip = gzipSync(bytes).length;
      if (!file.startsWith('tfjs-backend-')) firstLoad += gzip;
      return `${file}: ${(bytes.length / 1000).toFixed(1)} kB, gzip ${(gzip / 1000).toFixed(1)} kB`;
    });
    console.log(`${sizes.join('\n')}\nevery page loads ${(firstLoad / 1000).toFixed(1)} kB gzip`);
    expect(firstLoad).toBeLessThan(650_000);
  });

  /** The forecasters each backend trains: the book's GRU, except on SwiftShader's slow webgl. */
  const forecasts = [
    { backend: 'wasm', model: 'gru', series: '1000', epochs: '5' },
    { backend: 'cpu', model: 'gru', series: '300', epochs: '3' },
    { backend: 'webgl', model: 'linear', series: '300', epochs: '3' },
  ];
  for (const { backend, model, series, epochs } of forecasts) {
    it(`trains the forecaster on ${backend}${backend === 'webgl' ? ' (where the browser has it)' : ''}: the loss goes down, the page keeps drawing, both charts have points`, async (context) => {
      const { page, problems } = await open(`?backend=${backend}#forecast`);
      const active = await backendOf(page);
      if (backend === 'webgl' && active !== 'active: webgl') {
        await page.close();
        context.skip();
      }
      expect(active).toBe(`active: ${backend}`);
      await page.waitForSelector('#forecast-chart[data-points]:not([data-points="0"])');
      await page.fill('#forecast-series', series);
      await page.selectOption('#forecast-model', model);
      await page.fill('#forecast-epochs', epochs);
      const started = Date.now();
      await page.click('#forecast-train');
      // While it trains, the page repaints (a frame between batches) and the loss chart moves.
      await page.waitForSelector('#forecast-loss-chart:not([data-points="0"])', {
        timeout: 60_000,
      });
      const longestFrame = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const start = performance.now();
            let last = start;
            let longest = 0;
            const tick = () => {
              const now = performance.now();
              longest = Math.max(longest, now - last);
              last = now;
              if (now - start < 500) requestAnimationFrame(tick);
              else resolve(longest);
            };
            requestAnimationFrame(tick);
          }),
      );
      expect(longestFrame).toBeLessThan(1500);
      await page.waitForSelector('#forecast-page[data-state="trained"]', { timeout: 120_000 });
      console.log(
        `forecaster on ${backend}: ${Date.now() - started} ms, longest frame ${longestFrame.toFixed(0)} ms; ${await page.textContent('#forecast-status')}`,
      );
      expect(await page.textContent('#forecast-status')).toContain(`on ${backend},`);
      const first = Number(await page.getAttribute('#forecast-page', 'data-first-loss'));
      const last = Number(await page.getAttribute('#forecast-page', 'data-last-loss'));
      expect(await page.getAttribute('#forecast-page', 'data-epochs')).toBe(epochs);
      expect(last).toBeLessThan(first);
      const lossPoints = Number(await page.getAttribute('#forecast-loss-chart', 'data-points'));
      expect(lossPoints).toBeGreaterThan(Number(epochs));
      expect(await page.locator('#forecast-loss-chart svg path').count()).toBeGreaterThan(0);
      // The test window: 50 inputs, then the truth, naive and forecast lines (11 points each).
      expect(Number(await page.getAttribute('#forecast-chart', 'data-points'))).toBe(50 + 3 * 11);
      expect(await page.locator('#forecast-scores td[data-mse]').count()).toBe(1);
      if (backend === 'wasm') await screenshot(page, 'forecast');
      expect(problems).toEqual([]);
      await page.close();
    }, 180_000);
  }

  it('trains on a CSV column uploaded in the page', async () => {
    // A daily series with a weekly cycle and a trend, as a CSV file with a date column.
    const rows = Array.from({ length: 400 }, (_, i) => {
      const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
      const value = 100 + 0.1 * i + 10 * Math.sin((2 * Math.PI * i) / 7) + ((i * 7919) % 13) / 13;
      return `${date},${value.toFixed(3)}`;
    });
    const csv = path.join(work, 'daily.csv');
    writeFileSync(csv, `date,visitors\n${rows.join('\n')}\n`);
    const { page, problems } = await open('?backend=wasm#forecast');
    expect(await backendOf(page)).toBe('active: wasm');
    await page.selectOption('#forecast-source', 'csv');
    await page.setInputFiles('#forecast-csv-file', csv);
    await page.waitForSelector('#forecast-column option[value="visitors"]', { state: 'attached' });
    await page.fill('#forecast-steps', '28');
    await page.fill('#forecast-horizon', '7');
    await page.selectOption('#forecast-model', 'linear');
    await page.fill('#forecast-epochs', '5');
    await page.click('#forecast-train');
    await page.waitForSelector('#forecast-page[data-state="trained"]', { timeout: 60_000 });
    expect(await page.textContent('#forecast-scores caption')).toContain(
      'CSV column "visitors": 400 rows',
    );
    const first = Number(await page.getAttribute('#forecast-page', 'data-first-loss'));
    const last = Number(await page.getAttribute('#forecast-page', 'data-last-loss'));
    expect(last).toBeLessThan(first);
    expect(Number(await page.getAttribute('#forecast-chart', 'data-points'))).toBe(28 + 3 * 8);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('loads a character model saved in Node and streams generated text', async () => {
    // A small char-rnn, as the char-rnn app saves it: model/ (tf.io) and tokenizer.json.
    const tokenizer = CharTokenizer.fromCorpus([SAMPLE_TEXT]);
    const model = buildCharModel({
      kind: 'gru',
      vocabularySize: tokenizer.vocabularySize,
      units: 32,
      learningRate: 0.02,
      seed: 1,
    });
    const windows = charWindows(tokenizer.encode(SAMPLE_TEXT), 32, 32);
    const x = tf.tensor2d(windows.x, [windows.count, 32], 'int32');
    const y = tf.tensor3d(windows.y, [windows.count, 32, 1]);
    await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
    tf.dispose([x, y]);
    const run = path.join(work, 'char-run');
    await model.save(fileSystem(path.join(run, 'model')));
    writeFileSync(path.join(run, 'tokenizer.json'), JSON.stringify(tokenizer.toJSON()));
    model.dispose();
    const files = [
      ...readdirSync(path.join(run, 'model')).map((f) => path.join(run, 'model', f)),
      path.join(run, 'tokenizer.json'),
    ];
    expect(files.map((f) => path.basename(f)).filter((f) => f.endsWith('.bin'))).toHaveLength(1);

    const { page, problems } = await open('?backend=wasm#text');
    expect(await backendOf(page)).toBe('active: wasm');
    await page.setInputFiles('#text-model-files', files);
    await page.click('#text-load');
    await page.waitForSelector('#text-page[data-model="loaded"]', { timeout: 30_000 });
    expect(await page.textContent('#text-model-status')).toContain('recurrent');
    await page.fill('#text-length', '120');
    // Watch the output at every frame while it generates: the text streams in.
    await page.evaluate(() => {
      const lengths: number[] = [];
      const watch = window as unknown as { lengths: number[]; watching: boolean };
      watch.lengths = lengths;
      watch.watching = true;
      const tick = () => {
        lengths.push(document.querySelector('#text-output .generated')?.textContent?.length ?? 0);
        if (watch.watching) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click('#text-generate');
    await page.waitForSelector('#text-output[data-state="done"]', { timeout: 60_000 });
    const lengths = await page.evaluate(() => {
      const watch = window as unknown as { lengths: number[]; watching: boolean };
      watch.watching = false;
      return watch.lengths;
    });
    expect(lengths.some((n) => n > 0 && n < 120)).toBe(true);
    expect(Number(await page.getAttribute('#text-output', 'data-chars'))).toBe(120);
    const text = (await page.textContent('#text-output .generated')) ?? '';
    expect(Array.from(text)).toHaveLength(120);
    // Beam search too (the best beam replaces the text as it grows).
    await page.fill('#text-beam', '3');
    await page.fill('#text-length', '30');
    await page.click('#text-generate');
    await page.waitForSelector('#text-output[data-state="done"][data-chars="30"]', {
      timeout: 60_000,
    });
    // Then a model trained in the page, on its sample text, for the screenshot.
    await page.fill('#text-epochs', '10');
    await page.click('#text-train');
    await page.waitForSelector('#text-model-status:has-text("Trained char_gru")', {
      timeout: 120_000,
    });
    console.log(await page.textContent('#text-model-status'));
    expect(Number(await page.getAttribute('#text-loss-chart', 'data-points'))).toBeGreaterThan(10);
    await page.fill('#text-beam', '1');
    await page.fill('#text-length', '300');
    await page.click('#text-generate');
    await page.waitForSelector('#text-output[data-state="done"][data-chars="300"]', {
      timeout: 60_000,
    });
    await screenshot(page, 'text');
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('trains the date translator and draws its attention heatmap', async () => {
    const { page, problems } = await open('?backend=wasm#attention');
    expect(await backendOf(page)).toBe('active: wasm');
    // Smaller than the page's defaults (4,000 dates), enough to learn most dates.
    await page.fill('#attention-pairs', '3000');
    await page.fill('#attention-epochs', '4');
    await page.fill('#attention-lr', '0.02');
    const started = Date.now();
    await page.click('#attention-train');
    await page.waitForSelector('#attention-page[data-state="translated"]', { timeout: 120_000 });
    console.log(
      `translator: ${Date.now() - started} ms; ${await page.textContent('#attention-model-status')}`,
    );
    // "Monday, April 22, 2019": 22 source characters, one row per output character.
    const output = (await page.textContent('#attention-output')) ?? '';
    console.log(`translation: ${output}`);
    const cells = Number(await page.getAttribute('#attention-heatmap', 'data-cells'));
    expect(cells).toBeGreaterThanOrEqual(22);
    expect(cells % 22).toBe(0);
    expect(await page.locator('#attention-heatmap svg path').count()).toBeGreaterThan(0);
    expect(Number(await page.getAttribute('#attention-loss-chart', 'data-points'))).toBeGreaterThan(
      0,
    );
    await screenshot(page, 'attention');
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
