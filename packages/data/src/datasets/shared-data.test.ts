import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadChatbotData } from './load-chatbot-data.js';
import { loadImdb } from './load-imdb.js';
import { loadNsmc } from './load-nsmc.js';
import { loadSentencePairs } from './load-sentence-pairs.js';
import { loadTinyShakespeare } from './load-tiny-shakespeare.js';

// The project's shared copies of the real data (see each folder's SOURCE.md); absent elsewhere.
const DATA = '/work/shared/data';
const at = (path: string) => `${DATA}/${path}`;

describe('the shared copies of the real data', () => {
  it.skipIf(!existsSync(at('nsmc/ratings_train_small.txt')))('NSMC: 31,566 reviews', async () => {
    const reviews = await loadNsmc({ path: at('nsmc/ratings_train_small.txt') });
    expect(reviews).toHaveLength(31_566);
    expect(reviews.filter((r) => r.label === 0)).toHaveLength(15_837);
    expect(reviews[0]).toEqual({
      id: '9976970',
      text: '아 더빙.. 진짜 짜증나네요 목소리',
      label: 0,
    });
  });

  it.skipIf(!existsSync(at('imdb/train_10k.csv')))('IMDB CSV: 10,000 reviews', async () => {
    const reviews = await loadImdb({ path: at('imdb/train_10k.csv') });
    expect(reviews).toHaveLength(10_000);
    expect(reviews.filter((r) => r.label === 1)).toHaveLength(5_000);
    expect(reviews[0]?.file).toBe('train/pos/3501_9.txt');
  });

  it.skipIf(!existsSync(at('fra-eng/fra_train.txt')))('fra-eng: 68,433 pairs', async () => {
    const pairs = await loadSentencePairs({ path: at('fra-eng/fra_train.txt') });
    expect(pairs).toHaveLength(68_433);
    expect(pairs[0]).toEqual({
      source: 'Tell me what to do here.',
      target: 'Dis-moi quoi faire ici !',
    });
  });

  it.skipIf(!existsSync(at('chatbot-ko/ChatbotData_train.csv')))(
    'ChatbotData: 10,641 pairs',
    async () => {
      const pairs = await loadChatbotData({ path: at('chatbot-ko/ChatbotData_train.csv') });
      expect(pairs).toHaveLength(10_641);
      expect([0, 1, 2].map((l) => pairs.filter((p) => p.label === l).length)).toEqual([
        4_777, 3_217, 2_647,
      ]);
    },
  );

  it.skipIf(!existsSync(at('tinyshakespeare/input.txt')))(
    'Tiny Shakespeare: 1,115,394 characters',
    async () => {
      const text = await loadTinyShakespeare({ path: at('tinyshakespeare/input.txt') });
      expect(text).toHaveLength(1_115_394);
      expect(new Set(text).size).toBe(65);
    },
  );
});
