/**
 * The leak sweep: every public export of every package that does tensor work is called here, three
 * times in a row (forward, and backward where it trains), and must leave `tf.memory().numTensors`
 * as it found it, beyond the tensors it returns (which the sweep disposes). A second test makes the
 * sweep complete: each export is either swept or listed as doing no tensor work, so a new export
 * must be added to one or the other.
 */
import * as attention from '@seq/attention';
import * as core from '@seq/core';
import * as coreNode from '@seq/core/node';
import * as data from '@seq/data';
import * as decoding from '@seq/decoding';
import * as layers from '@seq/layers';
import { expectNoLeakedTensors } from '@seq/testing';
import * as transformer from '@seq/transformer';
import * as wavenet from '@seq/wavenet';
import * as wavenetNode from '@seq/wavenet/node';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

type Call = () => unknown;
interface Case {
  /** The exports this case exercises. */
  names: string[];
  /** Builds what the call needs (weights are created here, not counted); returns the call. */
  setup: () => Call | Promise<Call>;
}

const x3 = () => tf.randomNormal([2, 5, 4], 0, 1, 'float32', 1); // [batch, time, features]
/** Forward and backward through a layer built beforehand. */
function layerCase(
  names: string[],
  create: () => tf.layers.Layer,
  input: () => tf.Tensor | tf.Tensor[] = x3,
): Case {
  return {
    names,
    setup: () => {
      const layer = create();
      const inputs = input();
      tf.dispose(layer.apply(inputs) as tf.Tensor); // builds the weights
      if (layer.trainableWeights.length === 0) return () => layer.apply(inputs); // forward only
      return () =>
        tf.tidy(() => {
          const f = () =>
            tf.sum(
              tf.concat(
                ([] as tf.Tensor[])
                  .concat(layer.apply(inputs) as tf.Tensor)
                  .map((t) => t.flatten()),
              ),
            );
          const { value, grads } = tf.variableGrads(f as () => tf.Scalar);
          return [value, ...Object.values(grads)];
        });
    },
  };
}

const stepModel = () =>
  tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 6, outputDim: 4, inputShape: [null] }),
      layers.gru({ units: 5, returnSequences: true }),
      tf.layers.dense({ units: 6 }),
    ],
  });
const smallFit =
  (callbacks: () => tf.CustomCallbackArgs[] | tf.Callback[]): Case['setup'] =>
  () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const x = tf.ones([4, 2]);
    const y = tf.ones([4, 1]);
    return () =>
      model
        .fit(x, y, {
          epochs: 2,
          batchSize: 2,
          verbose: 0,
          validationData: [x, y],
          callbacks: callbacks() as tf.Callback[],
        })
        .then(() => null);
  };

const cases: Case[] = [
  // @seq/core
  {
    names: ['earlyStopping', 'EarlyStopping'],
    setup: smallFit(() => [core.earlyStopping({ patience: 0, restoreBestWeights: true })]),
  },
  { names: ['terminateOnNaN', 'TerminateOnNaN'], setup: smallFit(() => [core.terminateOnNaN()]) },
  { names: ['learningRateScheduler'], setup: smallFit(() => []) },
  // @seq/data
  {
    names: ['timeseriesDatasetFromArray'],
    setup: () => async () => {
      const ds = data.timeseriesDatasetFromArray(
        Float32Array.from({ length: 40 }, (_, i) => i),
        null,
        { sequenceLength: 5, batchSize: 4 },
      );
      await ds.forEachAsync((batch) => tf.dispose(batch as tf.TensorContainer));
    },
  },
  {
    names: ['forecastDataset'],
    setup: () => async () => {
      const series = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i));
      const ds = data.forecastDataset(series, { sequenceLength: 8, horizon: 2, batchSize: 4 });
      await ds.forEachAsync((batch) => tf.dispose(batch as tf.TensorContainer));
    },
  },
  {
    names: ['StandardScaler', 'MinMaxScaler', 'ColumnScaler'],
    setup: () => {
      const values = tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 7],
      ]);
      return () => {
        const a = new data.StandardScaler().fit([
          [1, 2],
          [3, 4],
          [5, 7],
        ]);
        const b = new data.MinMaxScaler().fit([
          [1, 2],
          [3, 4],
          [5, 7],
        ]);
        const scaled = b.transform(values);
        const back = b.inverseTransform(scaled);
        return [a.transform(values), scaled, back];
      };
    },
  },
  {
    names: ['TextVectorization', 'textVectorization'],
    setup: () => {
      const input = tf.tensor(['the cat sat', 'a dog']);
      return async () => {
        const ids = data.textVectorization({ outputSequenceLength: 4 });
        await ids.adapt(['the cat sat', 'the dog']);
        const tfIdf = new data.TextVectorization({ outputMode: 'tf_idf', ngrams: 2 });
        await tfIdf.adapt(tf.data.array(['the cat sat', 'the dog']));
        return [ids.apply(input), tfIdf.vectorize(['the cat'])];
      };
    },
  },
  {
    names: ['CharTokenizer', 'WordTokenizer', 'standardizeText', 'splitText', 'ngrams'],
    setup: () => () => {
      const text = data.standardizeText('Le chat, 한국어 👍');
      const chars = data.CharTokenizer.fromCorpus(text);
      const words = data.WordTokenizer.fromCorpus(data.ngrams(data.splitText(text), 2));
      return [chars.decode(chars.encode(text)), words.decode(words.encode(text))];
    },
  },
  {
    names: ['padSequences', 'sequenceMask', 'StartEndPacker'],
    setup: () => () => {
      const packer = new data.StartEndPacker({
        sequenceLength: 5,
        startValue: 1,
        endValue: 2,
        returnPaddingMask: true,
      });
      return [
        data.padSequences([[1], [2, 3]], { maxlen: 3 }),
        data.sequenceMask([1, 3]),
        packer.pack([
          [5, 6],
          [7, 8, 9, 10],
        ]),
      ];
    },
  },
  {
    names: ['nextTokenDataset', 'statefulNextTokenDataset', 'splitSequence'],
    setup: () => async () => {
      const { train } = data.splitSequence(Array.from({ length: 100 }, (_, i) => i % 7));
      for (const ds of [
        data.nextTokenDataset(train, { length: 5, batchSize: 8, shuffle: true, seed: 1 }),
        data.statefulNextTokenDataset(train, { length: 5, batchSize: 3 }),
      ]) {
        await ds.forEachAsync((batch) => tf.dispose(batch as tf.TensorContainer));
      }
    },
  },
  {
    names: ['BytePairTokenizer', 'tokenizerFromJSON', 'preTokenize', 'normalizeUnicode'],
    setup: () => () => {
      const text = data.normalizeUnicode('진짜 재밌어요 👍 진짜');
      const bpe = data.BytePairTokenizer.train([text], { vocabularySize: 300 });
      const copy = data.tokenizerFromJSON(bpe.toJSON());
      return [copy.decode(bpe.encode(text)), data.preTokenize(text)];
    },
  },
  // @seq/layers
  layerCase(['lstm', 'LSTM', 'lstmCell', 'LSTMCell', 'GatedCell', 'RecurrentCell'], () =>
    layers.lstm({ units: 3, returnSequences: true }),
  ),
  layerCase(['gru', 'GRU', 'gruCell', 'GRUCell'], () => layers.gru({ units: 3 })),
  layerCase(['simpleRNN', 'SimpleRNN', 'simpleRNNCell', 'SimpleRNNCell'], () =>
    layers.simpleRNN({ units: 3, returnSequences: true }),
  ),
  layerCase(['rnn', 'RNN', 'layerNormLSTMCell', 'LayerNormLSTMCell'], () =>
    layers.rnn({ cell: layers.layerNormLSTMCell({ units: 3 }), returnSequences: true }),
  ),
  layerCase(['layerNormSimpleRNNCell', 'LayerNormSimpleRNNCell'], () =>
    layers.rnn({ cell: layers.layerNormSimpleRNNCell({ units: 3 }) }),
  ),
  layerCase(['globalAveragePooling1d', 'GlobalAveragePooling1D'], () =>
    layers.globalAveragePooling1d(),
  ),
  layerCase(['conv1d', 'Conv1D'], () =>
    layers.conv1d({ filters: 3, kernelSize: 2, padding: 'causal', dilationRate: 2 }),
  ),
  {
    names: ['conv1dDilated', 'layerNorm', 'getActivation'],
    setup: () => {
      const x = x3();
      const kernel = tf.randomNormal([2, 4, 3]);
      const gamma = tf.ones([4]);
      const beta = tf.zeros([4]);
      return () => [
        layers.conv1dDilated(x, kernel, { dilation: 2, padding: 'causal' }),
        layers.layerNorm(x, gamma, beta, 1e-3),
        layers.getActivation('sweep', 'activation', 'tanh').fn(x),
      ];
    },
  },
  {
    names: ['maskedSparseCategoricalCrossentropy', 'maskedSparseCategoricalAccuracy'],
    setup: () => {
      const yTrue = tf.tensor3d([
        [[1], [0]],
        [[2], [1]],
      ]);
      const yPred = tf.randomNormal([2, 2, 3]);
      return () => [
        layers.maskedSparseCategoricalCrossentropy({ fromLogits: true })(yTrue, yPred),
        layers.maskedSparseCategoricalAccuracy()(yTrue, yPred),
      ];
    },
  },
  // @seq/attention
  layerCase(
    ['attention', 'Attention', 'BaseAttention'],
    () => attention.attention({ scoreMode: 'general' }),
    () => [x3(), x3()],
  ),
  layerCase(
    ['additiveAttention', 'AdditiveAttention'],
    () => attention.additiveAttention(),
    () => [x3(), x3()],
  ),
  layerCase(
    ['bahdanauAttention', 'BahdanauAttention'],
    () => attention.bahdanauAttention({ units: 3 }),
    () => [x3(), x3()],
  ),
  layerCase(
    ['multiHeadAttention', 'MultiHeadAttention'],
    () => attention.multiHeadAttention({ numHeads: 2, keyDim: 2 }),
    () => [x3(), x3()],
  ),
  layerCase(
    ['attentionDecoder', 'AttentionDecoder'],
    () =>
      attention.attentionDecoder({
        cell: layers.gruCell({ units: 4 }),
        attention: attention.attention(),
      }),
    () => [x3(), x3()],
  ),
  {
    names: [
      'scaledDotProductAttention',
      'causalMask',
      'paddingMask',
      'combineMasks',
      'MASKED_SCORE',
      'projectHeads',
      'applyMultiHeadAttention',
      'applyCachedMultiHeadAttention',
    ],
    setup: () => {
      const q = tf.randomNormal([2, 2, 5, 3]);
      const mha = attention.multiHeadAttention({ numHeads: 2, keyDim: 2 });
      const x = x3();
      tf.dispose(mha.apply([x, x]) as tf.Tensor);
      const weights = (
        mha as unknown as { weightsForApply?: () => attention.MultiHeadAttentionWeights }
      ).weightsForApply?.();
      const causal = attention.causalMask(5);
      const padding = attention.paddingMask([5, 3], 5);
      const paddingRows = padding.expandDims(1); // [batch, 1, Tv]
      return () => {
        const out: unknown[] = [
          scaled(q),
          attention.causalMask(4),
          attention.paddingMask([5, 3], 5),
          attention.combineMasks(causal, paddingRows),
        ];
        if (weights) {
          out.push(attention.applyMultiHeadAttention(weights, x, x, x).output);
          const step = attention.applyCachedMultiHeadAttention(weights, x, x, null);
          out.push(step.output, step.cache.key, step.cache.value);
          out.push(attention.projectHeads(x, weights.queryKernel, weights.queryBias));
        }
        return out;
      };
      function scaled(t: tf.Tensor) {
        const { outputs, weights: w } = attention.scaledDotProductAttention(t, t, t, {
          mask: causal,
        });
        return [outputs, w];
      }
    },
  },
  // @seq/transformer
  layerCase(
    ['TransformerEncoder', 'TransformerBlock'],
    () => new transformer.TransformerEncoder({ intermediateDim: 8, numHeads: 2 }),
  ),
  layerCase(
    ['TransformerDecoder'],
    () => new transformer.TransformerDecoder({ intermediateDim: 8, numHeads: 2 }),
    () => [x3(), x3()],
  ),
  layerCase(
    ['SinePositionEncoding', 'sinePositionEncoding'],
    () => new transformer.SinePositionEncoding(),
  ),
  layerCase(['PositionEmbedding'], () => new transformer.PositionEmbedding({ sequenceLength: 8 })),
  layerCase(
    ['TokenAndPositionEmbedding', 'PaddingMask'],
    () =>
      new transformer.TokenAndPositionEmbedding({
        vocabularySize: 7,
        sequenceLength: 8,
        embeddingDim: 4,
        maskZero: true,
      }),
    () =>
      tf.tensor2d([
        [1, 2, 0],
        [3, 4, 5],
      ]),
  ),
  {
    names: [
      'transformerCausalLM',
      'causalLMStepper',
      'disposeCausalLMState',
      'greedySearch',
      'beamSearch',
      'sample',
      'prefixStepper',
    ],
    setup: () => {
      const model = transformer.transformerCausalLM({
        vocabularySize: 7,
        sequenceLength: 12,
        embeddingDim: 8,
        numHeads: 2,
        intermediateDim: 8,
      });
      return async () => {
        await decoding.greedySearch(transformer.causalLMStepper(model), [[1, 2]], { maxLength: 3 });
        await decoding.beamSearch(transformer.causalLMStepper(model), [[1], [2, 3]], {
          maxLength: 3,
          beamWidth: 2,
        });
        await decoding.sample(decoding.prefixStepper(model), [[1]], {
          maxLength: 3,
          seed: 1,
          topK: 3,
          topP: 0.9,
        });
        const next = transformer.causalLMStepper(model);
        const tokens = tf.tensor2d([[1]], [1, 1], 'int32');
        const step = next(tokens, null);
        transformer.disposeCausalLMState(step.state);
        return [tokens, step.logits];
      };
    },
  },
  {
    names: ['transformerSeq2Seq', 'seq2seqStepper', 'disposeSeq2SeqState'],
    setup: () => {
      const model = transformer.transformerSeq2Seq({
        vocabularySize: 7,
        sequenceLength: 6,
        embeddingDim: 8,
        numHeads: 2,
        intermediateDim: 8,
      });
      const source = tf.tensor2d([[3, 4, 0]], [1, 3], 'int32');
      return async () => {
        const stepper = transformer.seq2seqStepper(model, source);
        await decoding.beamSearch(stepper.next, [[1]], { maxLength: 3, beamWidth: 2 });
        const tokens = tf.tensor2d([[1]], [1, 1], 'int32');
        const step = stepper.next(tokens, null);
        transformer.disposeSeq2SeqState(step.state);
        stepper.dispose();
        return [tokens, step.logits];
      };
    },
  },
  {
    names: ['transformerClassifier'],
    setup: () => {
      const model = transformer.transformerClassifier({
        vocabularySize: 7,
        sequenceLength: 4,
        embeddingDim: 8,
        numHeads: 2,
        intermediateDim: 8,
        numClasses: 2,
      } as never);
      const ids = tf.tensor2d([[1, 2, 3, 0]]);
      return () => model.predict(ids);
    },
  },
  {
    names: ['clipByGlobalNorm'],
    setup: () => {
      const grads = { a: tf.ones([3]), b: tf.fill([2], 2) };
      return () => {
        const { clipped, globalNorm } = transformer.clipByGlobalNorm(grads, 1);
        return [globalNorm, ...Object.values(clipped)];
      };
    },
  },
  // @seq/wavenet
  {
    names: ['WaveNetResidualBlock', 'wavenetResidualBlock'],
    setup: () => {
      const block = wavenet.wavenetResidualBlock({ filters: 3, dilationRate: 2, skipChannels: 2 });
      const x = tf.randomNormal([2, 6, 3]);
      tf.dispose(block.apply(x) as tf.Tensor[]);
      return () => {
        const { value, grads } = tf.variableGrads(() =>
          tf.sum((block.apply(x) as tf.Tensor[])[1] as tf.Tensor),
        );
        return [value, grads];
      };
    },
  },
  {
    names: ['wavenet', 'simpleWaveNet', 'receptiveField', 'WaveNetGenerator', 'wavenetStepper'],
    setup: () => {
      const model = wavenet.wavenet({
        dilations: [1, 2],
        residualChannels: 4,
        filters: 4,
        skipChannels: 4,
        classes: 8,
      });
      const simple = wavenet.simpleWaveNet({ dilations: [1, 2], filters: 3 });
      const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
      return async () => {
        const generator = new wavenet.WaveNetGenerator(model);
        generator.generate({ length: 4, seed: 1 });
        new wavenet.WaveNetGenerator(simple).step([[0.5]]);
        await decoding.sample(wavenet.wavenetStepper(model), [[1]], { maxLength: 4, seed: 1 });
        return [model.predict(ids), wavenet.receptiveField({ dilations: [1, 2] })];
      };
    },
  },
  {
    names: ['muLawEncode', 'muLawDecode', 'encodeWav', 'decodeWav'],
    setup: () => {
      const x = tf.tensor1d([-1, -0.5, 0, 0.25, 1]);
      return () => {
        const codes = wavenet.muLawEncode(x);
        const decoded = wavenet.decodeWav(
          wavenet.encodeWav(wavenet.muLawDecode([0, 128, 255]), 8000),
        );
        return [codes, wavenet.muLawDecode(codes), decoded.samples];
      };
    },
  },
  // @seq/decoding
  {
    names: ['recurrentStepper', 'perplexity', 'attentionDecoderStepper'],
    setup: () => {
      const model = stepModel();
      const logits = tf.randomNormal([2, 3, 6]);
      const labels = tf.tensor2d(
        [
          [1, 2, 3],
          [4, 5, 0],
        ],
        [2, 3],
        'int32',
      );
      const decoder = attention.attentionDecoder({
        cell: layers.gruCell({ units: 4 }),
        attention: attention.attention(),
      });
      const embedding = tf.layers.embedding({ inputDim: 6, outputDim: 3 });
      const projection = tf.layers.dense({ units: 6 });
      const memory = tf.randomNormal([2, 5, 4]);
      tf.dispose(
        projection.apply(
          decoder.apply([embedding.apply(tf.zeros([2, 2])) as tf.Tensor, memory]) as tf.Tensor,
        ) as tf.Tensor,
      );
      return async () => {
        await decoding.beamSearch(decoding.recurrentStepper(model), [[1], [2, 3]], {
          maxLength: 3,
          beamWidth: 2,
        });
        await decoding.greedySearch(
          attention.attentionDecoderStepper({ embedding, decoder, projection, memory }),
          [[1], [1]],
          { maxLength: 3 },
        );
        return decoding.perplexity(logits, labels);
      };
    },
  },
];

/** Exports that do no tensor work of their own (pure JS, or values), by package. */
const NO_TENSOR_WORK: Record<string, string[]> = {
  core: [
    'BACKEND_NAMES',
    'BACKEND_PACKAGES',
    'SeededRandom',
    'SeqError',
    'assertBoolean',
    'assertNonNegativeInteger',
    'assertNumberInRange',
    'assertOneOf',
    'assertPositiveInteger',
    'assertRank',
    'assertShape',
    'describeValue',
    'formatShape',
    'registerSerializable',
    'uniqueLayerName',
    // JSON only; loadKerasModel's loads (and failed loads) are leak-tested in keras-interchange.test.ts
    'kerasLayerMappings',
    'registerKerasLayer',
    'normalizeKerasTopology',
    'loadKerasModel',
    // JSON only; saveForKeras and toKerasTopology are leak-tested in keras-export.test.ts
    'kerasExportMappings',
    'registerKerasExport',
    'toKerasTopology',
    'saveForKeras',
    // registers kernels; the kernels' own leaks are checked in core's wasm-kernel-fallbacks test
    'registerWasmKernels',
    'WASM_FALLBACK_KERNELS',
    'useBackend',
    'useBestBackend',
  ],
  // model IO and checkpoints are leak-tested with fit in their own tests (they write files)
  coreNode: [
    'fileSystem',
    'fileSystemRouter',
    'registerFileSystemRouter',
    'ModelCheckpoint',
    'modelCheckpoint',
    'loadCheckpoint',
    'readCheckpoints',
    'writeFileAtomically',
  ],
  data: [
    // loaders and parsers read files and text into plain records (tested in their own files)
    'datasets',
    'fitLinearAutoregression',
    'generateTimeSeries',
    'mae',
    'mape',
    'mase',
    'mse',
    'naiveForecast',
    'parseCsv',
    'parseCsvSeries',
    'parseTimestamp',
    'readCsvSeries',
    'rmse',
    'seasonalNaiveForecast',
    'smape',
    'splitByTime',
  ],
  layers: ['conv1dGeometry', 'getInitializer', 'serializeInitializer'],
  attention: [],
  transformer: ['transformerSchedule'],
  decoding: [
    'chrF',
    'corpusBleu',
    'minLengthProcessor',
    'noRepeatNgramProcessor',
    'repetitionPenaltyProcessor',
    'sentenceBleu',
    'sentenceChrF',
    'temperatureProcessor',
    'tokenDistribution',
    'topKProcessor',
    'topPProcessor',
  ],
};
NO_TENSOR_WORK.wavenetNode = ['readWav', 'writeWav']; // files; tested in their own tests
const PACKAGES: Record<string, object> = {
  core,
  coreNode,
  data,
  layers,
  attention,
  transformer,
  decoding,
  wavenet,
  wavenetNode,
};

describe('leak sweep', () => {
  it('covers every export: swept, or listed as doing no tensor work', () => {
    const swept = new Set(cases.flatMap((c) => c.names));
    const missing: string[] = [];
    for (const [pkg, module] of Object.entries(PACKAGES)) {
      for (const name of Object.keys(module)) {
        if (!swept.has(name) && !NO_TENSOR_WORK[pkg]?.includes(name))
          missing.push(`${pkg}.${name}`);
      }
    }
    expect(missing, 'exports neither swept nor listed in NO_TENSOR_WORK').toEqual([]);
  });

  for (const c of cases) {
    it(`${c.names[0]} leaves no tensor behind (3 calls)`, async () => {
      const call = await c.setup();
      for (let i = 1; i <= 3; i++)
        await expectNoLeakedTensors(`${c.names.join('/')}, call ${i}`, call);
    });
  }
});
