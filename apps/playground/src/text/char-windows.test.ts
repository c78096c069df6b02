import { describe, expect, it } from 'vitest';
import { charWindows } from './char-windows.js';

describe('charWindows', () => {
  it('cuts windows every stride, with targets one step later', () => {
    const w = charWindows([1, 2, 3, 4, 5, 6], 3, 2);
    expect(w.count).toBe(2);
    expect(Array.from(w.x)).toEqual([1, 2, 3, 3, 4, 5]);
    expect(Array.from(w.y)).toEqual([2, 3, 4, 4, 5, 6]);
  });

  it('has no window when the text is shorter than one', () => {
    expect(charWindows([1, 2, 3], 3, 1).count).toBe(0);
  });
});
