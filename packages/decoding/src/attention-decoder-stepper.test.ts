import { Attention, AttentionDecoder, attentionDecoderStepper } from '@seq/attention';
import { GRU, gruCell } from '@seq/layers';
import { expectNoLeakedTensors } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { beamSearch, greedySearch, prefixStepper } from './index.js';

const START = 1;
const END = 2;
const V = 10; // 0 padding, 1 start, 2 end, 3..9 symbols
const N = 4;

/** Source: N symbols; target: the symbols reversed, then END. */
function reversal(count: number, seed: number) {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const sources: number[][] = [];
  for (let i = 0; i < count; i++)
    sources.push(Array.from({ length: N }, () => 3 + Math.floor(rand() * 7)));
  const targets = sources.map((src) => [...src].reverse().concat(END));
  return { sources, targets };
}

describe('attentionDecoderStepper on a trained GRU encoder-decoder with Luong attention', () => {
  let training: tf.LayersModel;
  let encoder: tf.LayersModel;
  let pieces: {
    embedding: tf.layers.Layer;
    decoder: AttentionDecoder;
    projection: tf.layers.Layer;
  };
  beforeAll(async () => {
    const sourceIds = tf.input({ shape: [null], name: 'source' });
    const targetIds = tf.input({ shape: [null], name: 'target' });
    const sourceEmbedding = tf.layers.embedding({ inputDim: V, outputDim: 16 });
    const embedding = tf.layers.embedding({ inputDim: V, outputDim: 16 });
    const [memory, h] = new GRU({ units: 32, returnSequences: true, returnState: true }).apply(
      sourceEmbedding.apply(sourceIds),
    ) as tf.SymbolicTensor[];
    const decoder = new AttentionDecoder({
      cell: gruCell({ units: 32 }),
      attention: new Attention({ scoreMode: 'general' }),
    });
    const projection = tf.layers.dense({ units: V });
    const decoded = decoder.apply(
      [embedding.apply(targetIds) as tf.SymbolicTensor, memory as tf.SymbolicTensor],
      {
        initialState: [h],
      },
    ) as tf.SymbolicTensor;
    const logits = projection.apply(decoded) as tf.SymbolicTensor;
    training = tf.model({ inputs: [sourceIds, targetIds], outputs: logits });
    encoder = tf.model({
      inputs: sourceIds,
      outputs: [memory as tf.SymbolicTensor, h as tf.SymbolicTensor],
    });
    pieces = { embedding, decoder, projection };
    const { sources, targets } = reversal(512, 1);
    const x = [tf.tensor2d(sources), tf.tensor2d(targets.map((t) => [START, ...t.slice(0, -1)]))];
    const y = tf.oneHot(tf.tensor2d(targets, undefined, 'int32'), V); // [B, N + 1, V]
    const optimizer = tf.train.adam(0.01);
    training.compile({
      optimizer,
      loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
    });
    await training.fit(x, y, { epochs: 20, batchSize: 64, verbose: 0 });
    tf.dispose([...x, y]);
  }, 180_000);

  const stepperFor = (sources: number[][]) => {
    const sourceIds = tf.tensor2d(sources);
    const [memory, h] = encoder.predict(sourceIds) as tf.Tensor[];
    const next = attentionDecoderStepper({
      ...pieces,
      memory: memory as tf.Tensor,
      initialState: [h as tf.Tensor],
    });
    return {
      next,
      dispose: () => tf.dispose([sourceIds, memory as tf.Tensor, h as tf.Tensor]),
      sourceIds,
    };
  };

  it('has learned to reverse, decoding with greedy and beam search', async () => {
    const { sources, targets } = reversal(20, 99);
    const { next, dispose } = stepperFor(sources);
    const greedy = await greedySearch(
      next,
      sources.map(() => [START]),
      { maxLength: N + 1, eosTokenId: END },
    );
    const beam = await beamSearch(
      next,
      sources.map(() => [START]),
      { maxLength: N + 1, eosTokenId: END, beamWidth: 3 },
    );
    dispose();
    const exact = (decoded: number[][]) =>
      decoded.filter((t, i) => JSON.stringify(t) === JSON.stringify(targets[i])).length;
    expect(exact(greedy.tokens)).toBeGreaterThanOrEqual(18);
    expect(exact(beam.tokens)).toBeGreaterThanOrEqual(18);
  });

  it('produces the same n-best as re-feeding the full model, and leaves no tensor behind', async () => {
    const { sources } = reversal(3, 7);
    const { next, dispose, sourceIds } = stepperFor(sources);
    const options = { maxLength: N + 1, eosTokenId: END, beamWidth: 3, numReturnSequences: 3 };
    let incremental: Awaited<ReturnType<typeof beamSearch>> | null = null;
    await expectNoLeakedTensors('beamSearch(attentionDecoderStepper)', async () => {
      incremental = await beamSearch(
        next,
        sources.map(() => [START]),
        options,
      );
    });
    const refed = await beamSearch(
      prefixStepper(training, { context: [sourceIds] }),
      sources.map(() => [START]),
      options,
    );
    dispose();
    const result = incremental as unknown as Awaited<ReturnType<typeof beamSearch>>;
    expect(result.nBest.map((l) => l.map((h) => h.tokens))).toEqual(
      refed.nBest.map((l) => l.map((h) => h.tokens)),
    );
    for (const [b, list] of result.nBest.entries()) {
      for (const [i, h] of list.entries())
        expect(h.logProb).toBeCloseTo(refed.nBest[b]?.[i]?.logProb as number, 4);
    }
  });

  it('names a missing or wrong piece', () => {
    const memory = tf.zeros([2, 3, 32]);
    expect(() =>
      attentionDecoderStepper({ ...pieces, decoder: pieces.embedding as never, memory }),
    ).toThrow('attentionDecoderStepper: `decoder` must be an AttentionDecoder');
    expect(() => attentionDecoderStepper({ ...pieces, memory: tf.zeros([2, 32]) })).toThrow(
      'attentionDecoderStepper: `memory` must be a tensor of rank 3 ([batch, Tv, dim]); received a float32 tensor of shape [2, 32].',
    );
    expect(() =>
      attentionDecoderStepper({ ...pieces, memory, memoryMask: tf.ones([2, 4]) }),
    ).toThrow('attentionDecoderStepper: `memoryMask` must be a tensor [batch, Tv] = [2, 3]');
    expect(() =>
      attentionDecoderStepper({ ...pieces, memory, initialState: [tf.zeros([3, 32])] }),
    ).toThrow(
      'attentionDecoderStepper: `initialState` must be an array of tensors [batch, units] with batch = 2',
    );
  });
});
