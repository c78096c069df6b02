#!/usr/bin/env node
// Packs every publishable @seq/* package with `pnpm pack`, installs the tarballs with plain
// `npm install` into an empty folder next to @tensorflow/tfjs (as a user would), and runs the
// first ```js example of each package's README there, then the docs landing page's example (a new
// user's first steps: install, then the 30-second forecast). Fails on any error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The first ```js code block of a README: the example that must run as it is written.
 * @param {string} readme
 * @returns {string | null}
 */
export function readmeExample(readme) {
  const match = /^```js\r?\n([\s\S]*?)^```/m.exec(readme);
  return match ? match[1] : null;
}

/** @returns {{ dir: string, name: string }[]} the publishable packages of the workspace */
export function publishablePackages() {
  const dirs = readdirSync(path.join(root, 'packages'), { withFileTypes: true }).filter((d) =>
    d.isDirectory(),
  );
  return dirs
    .map((d) => {
      const dir = path.join(root, 'packages', d.name);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      return { dir, name: manifest.name, private: manifest.private === true };
    })
    .filter((p) => !p.private)
    .map(({ dir, name }) => ({ dir, name }));
}

function run(command, args, cwd) {
  return execFileSync(command, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
}

function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'seq-packed-'));
  const tarballs = path.join(work, 'tarballs');
  const app = path.join(work, 'app');
  mkdirSync(tarballs);
  mkdirSync(app);
  try {
    const packages = publishablePackages();
    for (const p of packages) run('pnpm', ['pack', '--pack-destination', tarballs], p.dir);
    const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const tfjs = rootManifest.devDependencies['@tensorflow/tfjs'];
    const wasm = rootManifest.devDependencies['@tensorflow/tfjs-backend-wasm'];
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'seq-packed-check', private: true, type: 'module' }, null, 2),
    );
    const files = readdirSync(tarballs).map((f) => path.join(tarballs, f));
    console.log(`check-packed: npm install ${files.map((f) => path.basename(f)).join(' ')}`);
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        ...files,
        `@tensorflow/tfjs@${tfjs}`,
        `@tensorflow/tfjs-backend-wasm@${wasm}`,
      ],
      app,
    );
    for (const p of packages) {
      const example = readmeExample(readFileSync(path.join(p.dir, 'README.md'), 'utf8'));
      if (example === null) throw new Error(`${p.name}: README.md has no \`\`\`js example to run`);
      const file = path.join(app, `${p.name.replace(/[@/]/g, '_')}.mjs`);
      writeFileSync(file, example);
      console.log(`check-packed: running the README example of ${p.name}`);
      process.stdout.write(run('node', [file], app));
    }
    // The docs landing page: what a new user copies first, in the same fresh folder.
    const landing = readmeExample(readFileSync(path.join(root, 'docs', 'README.md'), 'utf8'));
    if (landing === null) throw new Error('docs/README.md has no ```js example to run');
    writeFileSync(path.join(app, 'forecast.mjs'), landing);
    console.log('check-packed: running the docs landing page example (forecast.mjs)');
    const output = run('node', ['forecast.mjs'], app);
    process.stdout.write(output);
    const scores = /GRU forecast MSE ([\d.]+), naive ([\d.]+)/.exec(output);
    if (!scores || !(Number(scores[1]) < Number(scores[2]))) {
      throw new Error(
        `docs landing example: expected the GRU to beat the naive forecast, got:\n${output}`,
      );
    }
    console.log(`check-packed: ${packages.length} package(s) packed, installed and run`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
