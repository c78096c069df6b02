import { describe, expect, it } from 'vitest';
import { attentionPage, topAttended } from './attention-page.js';

describe('topAttended', () => {
  it('orders tokens by weight', () => {
    expect(topAttended(['a', 'b', 'c'], [0.2, 0.5, 0.3], 2)).toEqual([
      { token: 'b', weight: 0.5 },
      { token: 'c', weight: 0.3 },
    ]);
  });
});

describe('attentionPage', () => {
  it('shades tokens relative to the most attended and escapes HTML', () => {
    const page = attentionPage('t', [
      { text: 'x', label: 1, probability: 0.9, tokens: ['<b>', '좋아'], weights: [0.25, 0.75] },
    ]);
    expect(page).toContain('rgba(230, 80, 0, 0.333)">&#60;b&#62;</span>');
    expect(page).toContain('rgba(230, 80, 0, 1.000)">좋아</span>');
    expect(page).toContain('positive, predicted positive (p = 0.900)');
  });
});
