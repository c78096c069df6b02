import { describe, expect, it } from 'vitest';
import { formatSongs } from './format-songs.js';
import { NABIYA } from './melody.js';

describe('formatSongs', () => {
  it('prints the song phrase by phrase, the generated notes under it, seed bracketed, misses starred', () => {
    const generated = [...NABIYA];
    generated[7] = 'e8';
    const text = formatSongs(NABIYA, generated, 4);
    const lines = text.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      'phrase 1  the song   g8   e8   e4   f8   d8   d4   c8   d8   e8   f8   g8   g8   g4',
    );
    expect(lines[1]).toBe(
      '          generated  [g8] [e8] [e4] [f8] d8   d4   c8   e8*  e8   f8   g8   g8   g4',
    );
    expect(lines[7]?.includes('*')).toBe(false);
  });
});
