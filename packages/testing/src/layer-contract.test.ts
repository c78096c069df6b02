import { registerSerializable } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runLayerContract } from './layer-contract.js';

interface ScaleArgs {
  /** A constant factor applied to the output; the broken variants below forget it. */
  factor?: number;
  name?: string;
  inputShape?: number[];
}

/** y = factor * (x * w + b), with a trainable per-feature scale and bias: a small, correct layer. */
class Scale extends tf.layers.Layer {
  static className = 'seq.test.ContractScale';
  readonly factor: number;
  private scale: tf.LayerVariable | null = null;
  private offset: tf.LayerVariable | null = null;
  constructor(args: ScaleArgs) {
    super(args);
    this.factor = args.factor ?? 1;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = (inputShape as tf.Shape).at(-1) as number;
    this.scale = this.addWeight('scale', [features], 'float32', tf.initializers.ones());
    this.offset = this.addWeight('offset', [features], 'float32', tf.initializers.zeros());
    this.built = true;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const y = tf.add(
        tf.mul(x, (this.scale as tf.LayerVariable).read()),
        (this.offset as tf.LayerVariable).read(),
      );
      return tf.mul(y, this.factor);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}
registerSerializable(Scale);

class ForgetfulScale extends Scale {
  static override className = 'seq.test.ForgetfulScale';
  override getConfig(): tf.serialization.ConfigDict {
    const { factor: _, ...rest } = super.getConfig();
    return rest;
  }
}
registerSerializable(ForgetfulScale);

class LeakyScale extends Scale {
  static override className = 'seq.test.LeakyScale';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    tf.ones([1]); // never disposed
    return super.call(inputs);
  }
}
registerSerializable(LeakyScale);

class FrozenOffset extends Scale {
  static override className = 'seq.test.FrozenOffset';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    // The offset weight is created but never used: training can never move it.
    return tf.tidy(() =>
      tf.mul(
        Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs,
        this.weights[0]?.read() as tf.Tensor,
      ),
    );
  }
}
registerSerializable(FrozenOffset);

class LosesWeights extends Scale {
  static override className = 'seq.test.LosesWeights';
  override setWeights(_weights: tf.Tensor[]): void {
    // Broken: ignores the weights it is given (so a reload keeps the initial ones).
  }
}
registerSerializable(LosesWeights);

class Unjsonable extends Scale {
  static override className = 'seq.test.Unjsonable';
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), initializer: tf.initializers.ones() as never };
  }
}
registerSerializable(Unjsonable);

class Unregistered extends Scale {
  static override className = 'seq.test.Unregistered';
}

const contract = (
  create: () => tf.layers.Layer,
  extra: Partial<Parameters<typeof runLayerContract>[0]> = {},
) =>
  runLayerContract({
    create,
    input: () => tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1),
    expectedWeights: 2,
    expectedWeightNames: ['scale', 'offset'],
    expectedOutputShape: [2, 3, 4],
    ...extra,
  });

describe('runLayerContract', () => {
  it('passes a correct custom layer', async () => {
    await contract(() => new Scale({ factor: 3 }));
  });

  it("passes tfjs' own Dense and LSTM", async () => {
    await runLayerContract({
      create: () => tf.layers.dense({ units: 3 }),
      input: () => tf.ones([2, 4]),
      expectedWeights: 2,
      expectedWeightNames: ['kernel', 'bias'],
      expectedOutputShape: [2, 3],
    });
    await runLayerContract({
      create: () => tf.layers.lstm({ units: 3, returnSequences: true }),
      input: () => tf.randomNormal([2, 5, 4], 0, 1, 'float32', 2),
      expectedWeights: 3,
      expectedWeightNames: ['kernel', 'recurrent_kernel', 'bias'],
      expectedOutputShape: [2, 5, 3],
    });
  });

  it('fails on a wrong output shape or weight count, naming the stage', async () => {
    await expect(
      contract(() => new Scale({ factor: 3 }), { expectedOutputShape: [2, 3, 5] }),
    ).rejects.toThrow(/^layer contract of seq\.test\.ContractScale: build and call: output shape/);
    await expect(contract(() => new Scale({ factor: 3 }), { expectedWeights: 3 })).rejects.toThrow(
      /^layer contract of seq\.test\.ContractScale: weights: number of weights/,
    );
    await expect(
      contract(() => new Scale({ factor: 3 }), { expectedWeightNames: ['kernel', 'bias'] }),
    ).rejects.toThrow(/weights: weight names/);
  });

  it('fails when getConfig forgets a constructor argument', async () => {
    await expect(contract(() => new ForgetfulScale({ factor: 3 }))).rejects.toThrow(
      /^layer contract of seq\.test\.ForgetfulScale: config round trip: output 0: \d+ of 24 values differ/,
    );
  });

  it('fails when a call leaks a tensor', async () => {
    const before = tf.memory().numTensors;
    await expect(contract(() => new LeakyScale({ factor: 3 }))).rejects.toThrow(
      /^layer contract of seq\.test\.LeakyScale: no leaked tensors in a call: tensors left behind by one call/,
    );
    // The two calls made so far each leaked one tensor; nothing else is left.
    expect(tf.memory().numTensors - before).toBe(2);
  });

  it('fails when a trainable weight never moves in training', async () => {
    await expect(contract(() => new FrozenOffset({ factor: 3 }))).rejects.toThrow(
      /one training step: trainable weights a training step left unchanged/,
    );
  });

  it('fails when weights are lost on the way, even where the initial weights are constants', async () => {
    await expect(contract(() => new LosesWeights({ factor: 3 }))).rejects.toThrow(
      /^layer contract of seq\.test\.LosesWeights: config round trip: output 0: /,
    );
  });

  it('fails when getConfig holds something that is not JSON', async () => {
    await expect(contract(() => new Unjsonable({ factor: 3 }))).rejects.toThrow(
      'layer contract of seq.test.Unjsonable: config round trip: config is plain JSON: config.initializer is an instance of Ones',
    );
  });

  it('lets weights that provably get no gradient stay unchanged, when named', async () => {
    await contract(() => new FrozenOffset({ factor: 3 }), { weightsWithoutGradient: ['offset'] });
  });

  it('fails when the class is not registered, so saved models could not load', async () => {
    await expect(contract(() => new Unregistered({ factor: 3 }))).rejects.toThrow(
      /^layer contract of seq\.test\.Unregistered: save and load through tf\.io: /,
    );
  });
});
