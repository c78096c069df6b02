import { expectTensorsClose, roundTripModel, runLayerContract } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gruCell } from './gru-cell.js';
import { lstmCell } from './lstm-cell.js';
import { RNN, rnn } from './rnn.js';
import { GRU, gru, LSTM, lstm, simpleRNN } from './sequence-layers.js';

const input = (seed = 1, shape: [number, number, number] = [2, 6, 3]) =>
  tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('recurrent layers: the layer contract', () => {
  const cases = [
    ['LSTM', () => lstm({ units: 4, returnSequences: true }), [2, 6, 4]],
    ['GRU (resetAfter)', () => gru({ units: 4 }), [2, 4]],
    [
      'GRU (resetAfter: false)',
      () => gru({ units: 4, resetAfter: false, returnSequences: true }),
      [2, 6, 4],
    ],
    ['SimpleRNN', () => simpleRNN({ units: 5, activation: 'relu' }), [2, 5]],
    [
      'RNN over a GRU cell',
      () => rnn({ cell: gruCell({ units: 3 }), returnSequences: true }),
      [2, 6, 3],
    ],
  ] as const;
  it.each(cases)('%s', async (_, create, shape) => {
    await runLayerContract({
      create,
      input: () => input(),
      expectedWeights: 3,
      expectedWeightNames: ['kernel', 'recurrent_kernel', 'bias'],
      expectedOutputShape: [...shape],
    });
  });
});

describe('recurrent layers: behaviour', () => {
  it.each([
    ['LSTM', () => lstm({ units: 4, returnSequences: true })],
    ['GRU', () => gru({ units: 4, returnSequences: true })],
    ['GRU (resetAfter: false)', () => gru({ units: 4, resetAfter: false, returnSequences: true })],
    ['SimpleRNN', () => simpleRNN({ units: 4, returnSequences: true })],
  ] as const)('%s: step() called T times equals the full sequence call', (_, create) => {
    const layer = create();
    const x = input(2);
    const full = layer.apply(x) as tf.Tensor; // [2, 6, 4]
    let states = layer.getInitialState(2);
    const steps: tf.Tensor[] = [];
    for (const xt of tf.unstack(x, 1)) {
      const { output, states: next } = layer.step(xt, states);
      tf.dispose([xt, ...states]);
      steps.push(output);
      states = next;
    }
    const stepped = tf.stack(steps, 1);
    expectTensorsClose(stepped, full, { atol: 1e-5 });
    tf.dispose([x, full, stepped, ...steps, ...states]);
    layer.dispose();
  });

  it('stateful: two half sequences equal one whole, and resetStates starts over', () => {
    const x = input(3, [2, 8, 3]);
    const whole = lstm({ units: 4, returnSequences: true });
    const expected = whole.apply(x) as tf.Tensor;
    const stateful = lstm({
      units: 4,
      returnSequences: true,
      stateful: true,
      batchInputShape: [2, 4, 3],
    });
    const first = stateful.apply(x.slice([0, 0, 0], [2, 4, 3])) as tf.Tensor;
    stateful.setWeights(whole.getWeights());
    stateful.resetStates();
    const a = stateful.apply(x.slice([0, 0, 0], [2, 4, 3])) as tf.Tensor;
    const b = stateful.apply(x.slice([0, 4, 0], [2, 4, 3])) as tf.Tensor;
    expectTensorsClose(tf.concat([a, b], 1), expected, { atol: 1e-5 });
    stateful.resetStates();
    const again = stateful.apply(x.slice([0, 0, 0], [2, 4, 3])) as tf.Tensor;
    expectTensorsClose(again, a, { atol: 1e-6 });
    expect(stateful.states.every((s) => s instanceof tf.Tensor)).toBe(true);
    tf.dispose([x, expected, first, a, b, again]);
    whole.dispose();
    stateful.dispose();
  });

  it('continues from given initial states, as inputs or as the initialState option', () => {
    const x = input(4, [2, 8, 3]);
    const layer = gru({ units: 4, returnSequences: true, returnState: true });
    const [all] = layer.apply(x) as tf.Tensor[];
    const [, h] = layer.apply(x.slice([0, 0, 0], [2, 4, 3])) as tf.Tensor[];
    const [second] = layer.apply([x.slice([0, 4, 0], [2, 4, 3]), h as tf.Tensor]) as tf.Tensor[];
    const [viaOption] = layer.apply(x.slice([0, 4, 0], [2, 4, 3]), {
      initialState: [h],
    }) as tf.Tensor[];
    expectTensorsClose(second as tf.Tensor, (all as tf.Tensor).slice([0, 4, 0], [2, 4, 4]), {
      atol: 1e-5,
    });
    expectTensorsClose(viaOption as tf.Tensor, second as tf.Tensor, { atol: 1e-6 });
  });

  it('goBackwards processes the reversed sequence (and returns it in that order)', () => {
    const x = input(5);
    const backwards = lstm({ units: 3, returnSequences: true, goBackwards: true });
    const forwards = lstm({ units: 3, returnSequences: true });
    const a = backwards.apply(x) as tf.Tensor;
    forwards.apply(x);
    forwards.setWeights(backwards.getWeights());
    const b = forwards.apply(tf.reverse(x, 1)) as tf.Tensor;
    expectTensorsClose(a, b, { atol: 1e-6 });
  });

  it('drops out the recurrent state alone, in training only', () => {
    const x = input(9);
    for (const layer of [
      lstm({ units: 4, recurrentDropout: 0.5 }),
      gru({ units: 4, recurrentDropout: 0.5 }),
    ]) {
      const inference = layer.apply(x) as tf.Tensor;
      const training = layer.apply(x, { training: true }) as tf.Tensor;
      expect(() => expectTensorsClose(training, inference, { atol: 1e-3 })).toThrow();
      expectTensorsClose(layer.apply(x, { training: false }) as tf.Tensor, inference, { atol: 0 });
    }
  });

  it('takes initial states in a functional model, wired into the graph (encoder-decoder)', () => {
    const encoderInput = tf.input({ shape: [5, 3] });
    const decoderInput = tf.input({ shape: [4, 2] });
    const [, h, c] = lstm({ units: 6, returnState: true }).apply(
      encoderInput,
    ) as tf.SymbolicTensor[];
    const decoder = lstm({ units: 6, returnSequences: true });
    const output = decoder.apply(decoderInput, { initialState: [h, c] }) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [encoderInput, decoderInput], outputs: output });
    expect(model.trainableWeights).toHaveLength(6); // the encoder's weights are in the graph
    const xe = input(10, [2, 5, 3]);
    const xd = input(11, [2, 4, 2]);
    const viaModel = model.predict([xe, xd]) as tf.Tensor;
    const encoderLayer = model.layers[2] as unknown as tf.layers.Layer;
    const [, eh, ec] = encoderLayer.apply(xe) as tf.Tensor[];
    const eager = decoder.apply(xd, {
      initialState: [eh as tf.Tensor, ec as tf.Tensor],
    }) as tf.Tensor;
    expectTensorsClose(viaModel, eager, { atol: 1e-5 });
    const zeroStart = decoder.apply(xd) as tf.Tensor;
    expect(() => expectTensorsClose(viaModel, zeroStart, { atol: 1e-3 })).toThrow();
  });

  it('stacks stateful layers with the batch size given on the first one only', () => {
    const model = tf.sequential({
      layers: [
        lstm({ units: 4, returnSequences: true, stateful: true, batchInputShape: [2, 3, 1] }),
        gru({ units: 3, stateful: true }),
      ],
    });
    const x = input(12, [2, 3, 1]);
    const first = model.predict(x) as tf.Tensor;
    const second = model.predict(x) as tf.Tensor;
    expect(() => expectTensorsClose(first, second, { atol: 1e-6 })).toThrow(); // carried over
    model.resetStates();
    expectTensorsClose(model.predict(x) as tf.Tensor, first, { atol: 1e-6 });
  });

  it('saves and loads a generic RNN with its cell, and rejects a config without one', async () => {
    const model = tf.sequential({
      layers: [new RNN({ cell: gruCell({ units: 3 }), inputShape: [4, 2] })],
    });
    const loaded = await roundTripModel(model);
    const x = input(13, [2, 4, 2]);
    expectTensorsClose(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor, {
      atol: 1e-6,
    });
    expect(() => RNN.fromConfig(RNN as never, { returnSequences: false })).toThrow(
      'RNN: `config.cell` must be a registered seq cell ({className, config}); received undefined.',
    );
  });

  it('drops out inputs and states in training only', () => {
    const x = input(6);
    const layer = lstm({ units: 4, dropout: 0.5, recurrentDropout: 0.5 });
    const inference1 = layer.apply(x) as tf.Tensor;
    const inference2 = layer.apply(x, { training: false }) as tf.Tensor;
    expectTensorsClose(inference1, inference2, { atol: 0 });
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    expect(() => expectTensorsClose(training, inference1, { atol: 1e-3 })).toThrow();
  });

  it("has Keras' defaults, config keys and weight layout", () => {
    const layer = lstm({ units: 3 });
    layer.apply(tf.zeros([1, 2, 5]));
    expect(layer.getConfig()).toMatchObject({
      units: 3,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      useBias: true,
      unitForgetBias: true,
      dropout: 0,
      recurrentDropout: 0,
      returnSequences: false,
      returnState: false,
      goBackwards: false,
      stateful: false,
      unroll: false,
      recurrentInitializer: { className: 'Orthogonal' },
    });
    const bias = layer.getWeights()[2] as tf.Tensor;
    expect(Array.from(bias.dataSync())).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]); // i, f = 1, c, o
    const g = gru({ units: 3 });
    g.apply(tf.zeros([1, 2, 5]));
    expect(g.getWeights().map((w) => w.shape)).toEqual([
      [5, 9],
      [3, 9],
      [2, 9],
    ]);
    expect(g.getConfig()).toMatchObject({ resetAfter: true, recurrentActivation: 'sigmoid' });
    expect(LSTM.className).toBe('seq.LSTM');
    expect(GRU.className).toBe('seq.GRU');
  });

  it("seq cells run inside tfjs' own tf.layers.rnn, with the same numbers", () => {
    const x = input(7);
    const ours = lstm({ units: 4, returnSequences: true });
    const expected = ours.apply(x) as tf.Tensor;
    const theirs = tf.layers.rnn({ cell: lstmCell({ units: 4 }) as never, returnSequences: true });
    theirs.apply(x);
    theirs.setWeights(ours.getWeights());
    expectTensorsClose(theirs.apply(x) as tf.Tensor, expected, { atol: 1e-5 });
  });

  it('rejects bad arguments and inputs clearly', () => {
    expect(() => lstm({ units: 0 })).toThrow(
      'LSTMCell: `units` must be a positive integer; received 0.',
    );
    expect(() => gru({ units: 2, dropout: 1 })).toThrow(
      'GRUCell: `dropout` must be a number in [0, 1); received 1.',
    );
    expect(() => gru({ units: 2, resetAfter: 'yes' as never })).toThrow(
      'GRUCell: `resetAfter` must be a boolean; received "yes".',
    );
    expect(() => lstm({ units: 2, recurrentActivation: 'wiggle' })).toThrow(
      /^LSTMCell: `recurrentActivation` must be an activation name/,
    );
    expect(() =>
      tf.sequential({ layers: [lstm({ units: 2, stateful: true, inputShape: [3, 1] })] }),
    ).toThrow(
      'LSTM: `batchInputShape` must be a fixed batch size for a stateful layer ([batch, time, features], on the first layer); received [*, 3, 1].',
    );
    expect(() =>
      lstm({ units: 2, kernelRegularizer: { className: 'L2', config: { l2: 0.01 } } } as never),
    ).toThrow(
      'LSTMCell: `kernelRegularizer` must be null or absent (seq does not apply regularizers or constraints to this layer yet); received an object.',
    );
    expect(() => gru({ units: 2, recurrentConstraint: null } as never)).not.toThrow();

    expect(() => rnn({ cell: tf.layers.dense({ units: 2 }) as never })).toThrow(
      /^RNN: `cell` must be a seq recurrent cell/,
    );
    const layer = lstm({ units: 2 });
    expect(() => layer.apply(tf.zeros([2, 3]))).toThrow(/Input 0 is incompatible|rank 3/);
    layer.apply(tf.zeros([2, 3, 1]));
    expect(() => layer.apply(tf.zeros([2, 3, 1]), { initialState: [tf.zeros([2, 2])] })).toThrow(
      'LSTM: `initialState` must be 2 state tensor(s) of shape [2, 2], [2, 2]; received [2, 2].',
    );
    expect(() => layer.step(tf.zeros([2, 1]), [tf.zeros([2, 2])])).toThrow(
      'LSTMCell: `states` must be 2 state tensor(s) [batch, units]; received an array of 1 items.',
    );
    expect(() => lstm({ units: 2 }).step(tf.zeros([2, 1]), [])).toThrow(
      'LSTMCell: `this` must be a built cell (call the layer once, or build it, before step); received an unbuilt cell.',
    );
    expect(() => layer.apply(tf.zeros([2, 3, 1]), { mask: tf.ones([2, 3, 1]) })).toThrow(
      'LSTM: `mask` must be a tensor of rank 2 ([batch, time]); received a float32 tensor of shape [2, 3, 1].',
    );
    expect(() => gru({ units: 2 }).resetStates()).toThrow(
      'GRU: `this` must be a stateful layer (stateful: true); received a layer that is not stateful.',
    );
  });

  it('leaves no tensors behind in calls, steps and stateful use', () => {
    const layer = lstm({
      units: 3,
      returnSequences: true,
      stateful: true,
      batchInputShape: [2, 4, 3],
    });
    const x = input(8, [2, 4, 3]);
    tf.dispose(layer.apply(x) as tf.Tensor);
    const before = tf.memory().numTensors;
    tf.dispose(layer.apply(x) as tf.Tensor);
    tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    const states = layer.getInitialState(2);
    const xt = tf.tidy(() => x.slice([0, 0, 0], [2, 1, 3]).squeeze([1]));
    const { output, states: next } = layer.step(xt, states);
    tf.dispose([xt, output, ...next, ...states]);
    layer.resetStates();
    expect(tf.memory().numTensors).toBe(before);
  });
});
