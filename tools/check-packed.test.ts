import { describe, expect, it } from 'vitest';
import { publishablePackages, readmeExample } from './check-packed.mjs';

describe('readmeExample', () => {
  it('takes the first js block, not ts or shell blocks', () => {
    const readme = [
      '# x',
      '```sh',
      'npm i x',
      '```',
      '```ts',
      'let a: number;',
      '```',
      '```js',
      "console.log('hi');",
      '```',
      '```js',
      'second',
      '```',
    ].join('\n');
    expect(readmeExample(readme)).toBe("console.log('hi');\n");
    expect(readmeExample('# nothing')).toBeNull();
  });
});

describe('publishablePackages', () => {
  it('are all dev dependencies of @seq/tools, so that turbo builds them first and re-checks them on change', async () => {
    const { readFileSync } = await import('node:fs');
    const tools = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
    for (const p of publishablePackages())
      expect(Object.keys(tools.devDependencies), p.name).toContain(p.name);
  });
  it('lists the public packages, each with a README example', async () => {
    const { readFileSync } = await import('node:fs');
    const packages = publishablePackages();
    expect(packages.map((p) => p.name)).toContain('@seq/core');
    expect(packages.map((p) => p.name)).not.toContain('@seq/testing');
    for (const p of packages) {
      expect(readmeExample(readFileSync(`${p.dir}/README.md`, 'utf8')), p.name).not.toBeNull();
    }
  });
});
