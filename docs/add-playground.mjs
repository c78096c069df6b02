#!/usr/bin/env node
// Copies the playground's built static site (apps/playground/dist, from `pnpm --filter playground
// build`) into the docs site's playground/ folder, which the landing page links to (through
// media/playground.html). Usage: node add-playground.mjs [site folder, default ./site].
import { cpSync, existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(docs, '..', 'apps', 'playground', 'dist');
const site = path.resolve(process.argv[2] ?? path.join(docs, 'site'));
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(
    `add-playground: ${dist} has no index.html: run pnpm --filter playground build first`,
  );
  process.exit(1);
}
const target = path.join(site, 'playground');
rmSync(target, { recursive: true, force: true });
cpSync(dist, target, { recursive: true });
console.log(`add-playground: copied ${path.relative(process.cwd(), dist)} to ${target}`);
