import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { hashLogits, prefixModel, sequenceLogProb } from '../test/toy-models.js';
import { beamSearch, greedySearch, type StepFunction, sample } from './index.js';

const logitsOf = hashLogits(8, 5);
const argmax = (values: number[]) => values.indexOf(Math.max(...values));

/** Greedy decoding written out, one row at a time. */
function reference(prompt: number[], maxLength: number, eos: number[] = []): number[] {
  const out: number[] = [];
  const prefix = [...prompt];
  while (out.length < maxLength) {
    const t = argmax(Array.from(Float32Array.from(logitsOf(prefix))));
    out.push(t);
    prefix.push(t);
    if (eos.includes(t)) break;
  }
  return out;
}

describe('greedySearch', () => {
  it('takes the most probable token of each row, with ragged prompts in one batch', async () => {
    const prompts = [[1], [2, 3, 4], [5, 6]];
    const model = prefixModel(logitsOf);
    const result = await greedySearch(model.next, prompts, { maxLength: 6, eosTokenId: [0, 7] });
    prompts.forEach((prompt, b) => {
      expect(result.tokens[b]).toEqual(reference(prompt, 6, [0, 7]));
      expect(result.logProbs[b]).toBeCloseTo(
        sequenceLogProb(logitsOf, prompt, result.tokens[b] as number[]),
        9,
      );
      const t = result.tokens[b] as number[];
      expect(result.finishReasons[b]).toBe(
        [0, 7].includes(t[t.length - 1] as number) ? 'eos' : 'max-length',
      );
    });
    expect(model.calls.every((rows) => rows === 3)).toBe(true);
  });

  it('accepts prompts as an int32 tensor', async () => {
    const prompts = tf.tensor2d(
      [
        [1, 2],
        [3, 4],
      ],
      [2, 2],
      'int32',
    );
    const result = await greedySearch(prefixModel(logitsOf).next, prompts, { maxLength: 3 });
    expect(result.tokens).toEqual([reference([1, 2], 3), reference([3, 4], 3)]);
    prompts.dispose();
  });

  it('bans the end token until minLength tokens were generated', async () => {
    const free = await greedySearch(prefixModel(logitsOf).next, [[1]], { maxLength: 8 });
    const first = (free.tokens[0] as number[])[0] as number;
    const stopped = await greedySearch(prefixModel(logitsOf).next, [[1]], {
      maxLength: 8,
      eosTokenId: first,
    });
    expect(stopped.tokens[0]).toEqual([first]);
    const result = await greedySearch(prefixModel(logitsOf).next, [[1]], {
      maxLength: 8,
      eosTokenId: first,
      minLength: 3,
    });
    const t = result.tokens[0] as number[];
    expect(t.length).toBeGreaterThanOrEqual(3);
    expect(t.slice(0, 3)).not.toContain(first);
  });

  it('streams every new token in order and stops at a stop sequence', async () => {
    const free = await greedySearch(prefixModel(logitsOf).next, [[1], [2]], { maxLength: 8 });
    const stop = (free.tokens[1] as number[]).slice(0, 2);
    const cut = (tokens: number[]) => {
      for (let i = 1; i < tokens.length; i++) {
        if (tokens[i - 1] === stop[0] && tokens[i] === stop[1]) return tokens.slice(0, i + 1);
      }
      return tokens;
    };
    const streamed: Array<[number, number, number]> = [];
    const result = await greedySearch(prefixModel(logitsOf).next, [[1], [2]], {
      maxLength: 8,
      stopSequences: [stop],
      onToken: async (token, row, step) => {
        await Promise.resolve(); // an async callback is awaited
        streamed.push([token, row, step]);
      },
    });
    expect(result.tokens[1]).toEqual(stop);
    expect(result.finishReasons[1]).toBe('stop-sequence');
    expect(result.tokens[0]).toEqual(cut(free.tokens[0] as number[]));
    for (const row of [0, 1]) {
      const mine = streamed.filter(([, r]) => r === row);
      expect(mine.map(([t]) => t)).toEqual(result.tokens[row]);
      expect(mine.map(([, , s]) => s)).toEqual(mine.map((_, i) => i));
    }
  });

  it('stops after the current step when the signal aborts', async () => {
    const controller = new AbortController();
    const result = await greedySearch(prefixModel(logitsOf).next, [[1], [2]], {
      maxLength: 50,
      signal: controller.signal,
      onToken: (_t, row, step) => {
        if (row === 1 && step === 2) controller.abort();
      },
    });
    expect(result.tokens.map((t) => t.length)).toEqual([3, 3]);
    expect(result.finishReasons).toEqual(['aborted', 'aborted']);
  });

  it('rejects bad prompts and options before any model call', async () => {
    const model = prefixModel(logitsOf);
    const bad: Array<[unknown, object, string]> = [
      [
        [[1]],
        { maxLength: 0 },
        'greedySearch: `maxLength` must be a positive integer; received 0.',
      ],
      [[[1]], {}, 'greedySearch: `maxLength` must be a positive integer; received undefined.'],
      [
        [[1]],
        { maxLength: 3, minLength: 4 },
        'greedySearch: `minLength` must be at most maxLength (3); received 4.',
      ],
      [
        [[1]],
        { maxLength: 3, eosTokenId: -1 },
        'greedySearch: `eosTokenId` must be a non-negative integer; received -1.',
      ],
      [
        [[1]],
        { maxLength: 3, eosTokenId: '2' },
        'greedySearch: `eosTokenId` must be a token id or an array of token ids; received "2".',
      ],
      [
        [[1]],
        { maxLength: 3, stopSequences: [[]] },
        'greedySearch: `stopSequences[0]` must be a non-empty array of token ids',
      ],
      [
        [[1]],
        { maxLength: 3, repetitionPenalty: 0 },
        'greedySearch: `repetitionPenalty` must be a number > 0; received 0.',
      ],
      [
        [[1]],
        { maxLength: 3, noRepeatNgramSize: -2 },
        '`noRepeatNgramSize` must be a non-negative integer; received -2.',
      ],
      [
        [[1]],
        { maxLength: 3, logitsProcessors: [1] },
        'greedySearch: `logitsProcessors` must be an array of functions',
      ],
      [
        [],
        { maxLength: 3 },
        'greedySearch: `prompts` must be a non-empty batch [batch, promptLength] of token ids',
      ],
      [
        [[1], []],
        { maxLength: 3 },
        'greedySearch: `prompts[1]` must be an array of at least one token id',
      ],
      [
        [[1, 2.5]],
        { maxLength: 3 },
        'greedySearch: `prompts[0]` must be a non-negative integer; received 2.5.',
      ],
      [
        tf.tensor1d([1, 2], 'int32'),
        { maxLength: 3 },
        'greedySearch: `prompts` must be an int32 tensor [batch, promptLength]',
      ],
    ];
    for (const [prompts, options, message] of bad) {
      await expect(greedySearch(model.next, prompts as never, options as never)).rejects.toThrow(
        message,
      );
    }
    expect(model.calls).toEqual([]);
  });

  it('names wrong logits and an end token outside the vocabulary, releasing everything', async () => {
    const rank3: StepFunction<null> = (tokens) => ({
      logits: tf.zeros([tokens.shape[0] as number, 1, 4]),
      state: null,
    });
    await expectNoLeakedTensors('greedySearch with rank-3 logits', async () => {
      await expect(greedySearch(rank3, [[1]], { maxLength: 2 })).rejects.toThrow(
        'greedySearch: `logits` must be a tensor [batch, vocabulary] with batch = 1 (returned by the step function); received a float32 tensor of shape [1, 1, 4].',
      );
    });
    await expectNoLeakedTensors(
      'greedySearch with an end token outside the vocabulary',
      async () => {
        await expect(
          greedySearch(prefixModel(logitsOf).next, [[1]], { maxLength: 2, eosTokenId: 8 }),
        ).rejects.toThrow(
          'greedySearch: `eosTokenId` must be an id in the vocabulary [0, 8); received 8.',
        );
      },
    );
    const throwing: StepFunction<{ h: tf.Tensor }> = (tokens, state) => {
      if (state) throw new Error('model failed');
      return { logits: tf.zeros([tokens.shape[0] as number, 3]), state: { h: tf.ones([1, 2]) } };
    };
    await expectNoLeakedTensors('greedySearch with a failing model', async () => {
      await expect(greedySearch(throwing, [[1]], { maxLength: 3 })).rejects.toThrow('model failed');
    });
  });

  it('leaves no tensor behind', async () => {
    await expectNoLeakedTensors('greedySearch', () =>
      greedySearch(prefixModel(logitsOf).next, [[1], [2, 3]], { maxLength: 6, eosTokenId: 0 }),
    );
  });

  it('lets a processor force a token with +Infinity (log-probability 0)', async () => {
    const force = (logits: Float64Array) => {
      logits[5] = Infinity;
    };
    const greedy = await greedySearch(prefixModel(logitsOf).next, [[1]], {
      maxLength: 3,
      logitsProcessors: [force],
    });
    expect(greedy.tokens).toEqual([[5, 5, 5]]);
    expect(greedy.logProbs).toEqual([0]);
    const drawn = await sample(prefixModel(logitsOf).next, [[1]], {
      maxLength: 3,
      seed: 1,
      topP: 0.5,
      logitsProcessors: [force],
    });
    expect(drawn.tokens).toEqual([[5, 5, 5]]);
    const beam = await beamSearch(prefixModel(logitsOf).next, [[1]], {
      maxLength: 3,
      beamWidth: 2,
      logitsProcessors: [force],
    });
    expect(beam.tokens).toEqual([[5, 5, 5]]);
    expect(beam.logProbs).toEqual([0]);
  });

  it('needs an end token for minLength', async () => {
    await expect(
      greedySearch(prefixModel(logitsOf).next, [[1]], { maxLength: 3, minLength: 2 }),
    ).rejects.toThrow(
      'greedySearch: `minLength` must be 0 when no eosTokenId is given (it bans the end tokens until that length); received 2.',
    );
  });

  it('checks prompts and end tokens against an adapter vocabulary before any model call', async () => {
    const model = prefixModel(logitsOf);
    const next = Object.assign(model.next, { vocabularySize: 8 });
    await expect(greedySearch(next, [[1, 9]], { maxLength: 2 })).rejects.toThrow(
      'greedySearch: `prompts[0]` must be an id in the vocabulary [0, 8); received 9.',
    );
    await expect(beamSearch(next, [[1]], { maxLength: 2, eosTokenId: [2, 8] })).rejects.toThrow(
      'beamSearch: `eosTokenId` must be an id in the vocabulary [0, 8); received 8.',
    );
    expect(model.calls).toEqual([]);
  });
});
