import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');

/** The shell blocks of the README's Quick start section. */
function quickStartCommands(): string[] {
  const section = readme.split(/^## /m).find((s) => /^quick ?start/i.test(s)) ?? '';
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => (m[1] ?? '').trim());
}

describe('README Quick start', () => {
  it('has exactly two commands: the main job and the test suite', () => {
    const commands = quickStartCommands();
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/pnpm@10 start$/);
    expect(commands[1]).toMatch(/pnpm@10 run check$/);
  });

  it('is what CI runs, verbatim', () => {
    expect(ci).toContain(quickStartCommands()[1]);
    expect(ci).toMatch(/^set -euo pipefail$/m);
  });
});
