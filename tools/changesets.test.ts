import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../.changeset/', import.meta.url);
const published = readdirSync(new URL('../packages/', import.meta.url))
  .map((name) =>
    JSON.parse(readFileSync(new URL(`../packages/${name}/package.json`, import.meta.url), 'utf8')),
  )
  .filter((manifest) => manifest.private !== true)
  .map((manifest) => manifest.name as string);

describe('changesets', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');
  it.each(files)('%s has valid frontmatter naming published packages', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const match = /^---\n((?:"[^"]+": (?:major|minor|patch)\n)+)---\n\n\S/.exec(text);
    expect(
      match,
      'frontmatter: ---, "name": bump lines, ---, a blank line, the summary',
    ).not.toBeNull();
    const names = [...(match?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    for (const name of names) expect(published).toContain(name);
  });
});
