import '@tensorflow/tfjs-backend-wasm';
import { maskedSparseCategoricalCrossentropy } from '@seq/layers';
import { expectNoLeakedTensors } from '@seq/testing';
import {
  causalLMStepper,
  seq2seqStepper,
  transformerCausalLM,
  transformerSeq2Seq,
} from '@seq/transformer';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { beamSearch, greedySearch, prefixStepper, sample } from './index.js';

const V = 11; // 0 = padding, counting runs over 1..10
const T = 12;
const succ = (t: number) => (t % 10) + 1;

describe('causalLMStepper (KV cache) on a trained Transformer language model', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    model = transformerCausalLM({
      vocabularySize: V,
      sequenceLength: T,
      embeddingDim: 16,
      numHeads: 2,
      intermediateDim: 32,
    });
    const rows = Array.from({ length: 64 }, (_, i) => {
      const seq = [1 + (i % 10)];
      while (seq.length <= T) seq.push(succ(seq[seq.length - 1] as number));
      return seq;
    });
    const x = tf.tensor2d(rows.map((r) => r.slice(0, T)));
    const y = tf.tensor3d(rows.map((r) => r.slice(1).map((t) => [t])));
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }) });
    const dataset = tf.data
      .zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) })
      .batch(32);
    await model.fitDataset(dataset as never, { epochs: 40, verbose: 0 });
    tf.dispose([x, y]);
  }, 120_000);

  it('has learned to count, and greedy decoding with the cache continues the count', async () => {
    const { tokens } = await greedySearch(causalLMStepper(model), [[3], [9, 10]], { maxLength: 6 });
    expect(tokens).toEqual([
      [4, 5, 6, 7, 8, 9],
      [1, 2, 3, 4, 5, 6],
    ]);
  });

  it('produces the same tokens as re-feeding the prefix, for greedy, beam and sampling', async () => {
    const prompts = [[2, 3, 4], [7], [5, 9]];
    // Id 0 is padding, which the full model masks: it must never be generated.
    const logitsProcessors = [
      (logits: Float64Array) => {
        logits[0] = -Infinity;
      },
    ];
    for (const decode of [
      (next: never) => greedySearch(next, prompts, { maxLength: 8, logitsProcessors }),
      (next: never) =>
        beamSearch(next, prompts, {
          maxLength: 8,
          beamWidth: 4,
          numReturnSequences: 4,
          logitsProcessors,
        }),
      (next: never) =>
        sample(next, prompts, { maxLength: 8, seed: 9, temperature: 2, logitsProcessors }),
    ]) {
      const cached = await decode(causalLMStepper(model) as never);
      const refed = await decode(prefixStepper(model) as never);
      expect(cached.tokens).toEqual(refed.tokens);
      for (const [b, lp] of cached.logProbs.entries())
        expect(lp).toBeCloseTo(refed.logProbs[b] as number, 3);
    }
  });

  it('leaves no tensor behind in a full beam search', async () => {
    await expectNoLeakedTensors('beamSearch(causalLMStepper)', () =>
      beamSearch(causalLMStepper(model), [[1], [2, 3]], { maxLength: 6, beamWidth: 3 }),
    );
  });

  it('names a prefix longer than a fixed-length model takes', async () => {
    await expect(greedySearch(prefixStepper(model), [[1, 2]], { maxLength: T })).rejects.toThrow(
      "prefixStepper: `prefix` must be at most the model's input length (12 tokens); received 13 tokens.",
    );
  });
});

describe('seq2seqStepper (encoded once, KV caches) under beam search', () => {
  it('reorders the source mask and caches with the beams: same n-best as re-feeding', async () => {
    const model = transformerSeq2Seq({
      vocabularySize: V,
      sequenceLength: 8,
      embeddingDim: 16,
      numHeads: 2,
      intermediateDim: 32,
      numLayers: 2,
    });
    const source = tf.tensor2d(
      [
        [3, 4, 5, 0, 0, 0, 0, 0],
        [6, 7, 8, 9, 10, 1, 2, 0],
      ],
      [2, 8],
      'int32',
    ); // padded
    const stepper = seq2seqStepper(model, source);
    // Id 0 is padding: the full model masks it, so it must never be generated.
    const noPadding = (logits: Float64Array) => {
      logits[0] = -Infinity;
    };
    const options = {
      maxLength: 6,
      beamWidth: 3,
      numReturnSequences: 3,
      eosTokenId: 2,
      logitsProcessors: [noPadding],
    };
    const before = tf.memory().numTensors;
    const cached = await beamSearch(stepper.next, [[1], [1]], options);
    expect(tf.memory().numTensors).toBe(before);
    const refed = await beamSearch(
      prefixStepper(model, { context: [source] }),
      [[1], [1]],
      options,
    );
    expect(cached.nBest.map((list) => list.map((h) => h.tokens))).toEqual(
      refed.nBest.map((list) => list.map((h) => h.tokens)),
    );
    for (const [b, list] of cached.nBest.entries()) {
      for (const [i, h] of list.entries())
        expect(h.logProb).toBeCloseTo(refed.nBest[b]?.[i]?.logProb as number, 4);
    }
    stepper.dispose();
    source.dispose();
  });

  it('decodes a trained seq2seq Transformer (sequence reversal) with greedy and beam search', async () => {
    const previous = tf.getBackend();
    await tf.setBackend('wasm'); // trains about 5x faster than cpu
    onTestFinished(() => tf.setBackend(previous).then(() => undefined));
    const n = 4;
    const START = 1;
    const END = 2;
    const make = (count: number, seed: number) => {
      let x = seed;
      const rand = () => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return x / 2 ** 32;
      };
      const sources = Array.from({ length: count }, () =>
        Array.from({ length: n }, () => 3 + Math.floor(rand() * 8)),
      );
      const targets = sources.map((s) => [...s].reverse().concat(END)); // n + 1 tokens
      return { sources, targets };
    };
    const model = transformerSeq2Seq({
      vocabularySize: V,
      sequenceLength: n + 1,
      embeddingDim: 32,
      numHeads: 4,
      intermediateDim: 64,
    });
    const optimizer = tf.train.adam(0.005);
    model.compile({ optimizer, loss: maskedSparseCategoricalCrossentropy({ fromLogits: true }) });
    const train = make(1024, 1);
    const source = tf.tensor2d(train.sources.map((s) => [...s, 0])); // [B, n + 1], padded
    const decoderInput = tf.tensor2d(train.targets.map((t) => [START, ...t.slice(0, -1)]));
    const target = tf.tensor3d(train.targets.map((t) => t.map((id) => [id])));
    const dataset = tf.data
      .zip({
        xs: tf.data.zip({
          source_ids: tf.data.array(tf.unstack(source)),
          target_ids: tf.data.array(tf.unstack(decoderInput)),
        }),
        ys: tf.data.array(tf.unstack(target)),
      })
      .batch(64);
    await model.fitDataset(dataset as never, { epochs: 15, verbose: 0 });
    tf.dispose([source, decoderInput, target]);

    const test = make(40, 2);
    const sourceIds = tf.tensor2d(
      test.sources.map((s) => [...s, 0]),
      undefined,
      'int32',
    );
    const stepper = seq2seqStepper(model, sourceIds);
    const noPadding = (logits: Float64Array) => {
      logits[0] = -Infinity;
    };
    const starts = test.sources.map(() => [START]);
    const options = { maxLength: n + 1, eosTokenId: END, logitsProcessors: [noPadding] };
    const greedy = await greedySearch(stepper.next, starts, options);
    const beam = await beamSearch(stepper.next, starts, { ...options, beamWidth: 3 });
    stepper.dispose();
    sourceIds.dispose();
    optimizer.dispose();
    const exact = (decoded: number[][]) =>
      decoded.filter((t, i) => JSON.stringify(t) === JSON.stringify(test.targets[i])).length;
    expect(exact(greedy.tokens)).toBeGreaterThanOrEqual(36);
    expect(exact(beam.tokens)).toBeGreaterThanOrEqual(36);
  }, 120_000);
});
