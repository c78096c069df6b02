import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerSerializable } from './register-serializable.js';

class Scale extends tf.layers.Layer {
  static className = 'seq.test.Scale';
  readonly factor: number;
  constructor(args: { factor: number; name?: string }) {
    super(args);
    this.factor = args.factor;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() =>
      tf.mul(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs, this.factor),
    );
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}

describe('registerSerializable', () => {
  it('registers once and is idempotent', () => {
    expect(registerSerializable(Scale)).toBe(Scale);
    expect(registerSerializable(Scale)).toBe(Scale);
    expect(tf.serialization.SerializationMap.getMap().classNameMap['seq.test.Scale']?.[0]).toBe(
      Scale,
    );
  });

  it('lets a saved model that uses the class load again', async () => {
    registerSerializable(Scale);
    const model = tf.sequential({ layers: [new Scale({ factor: 3, inputShape: [2] } as never)] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const y = loaded.predict(tf.tensor2d([[1, 2]])) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([3, 6]);
    tf.dispose([y]);
    model.dispose();
    loaded.dispose();
  });

  it('refuses a different class under a name tfjs already uses', () => {
    class Dense extends Scale {
      static override className = 'Dense';
    }
    expect(() => registerSerializable(Dense)).toThrow(
      'registerSerializable: `cls.className` must be a name no other class is registered under (is a second copy of a package loaded?); received "Dense", already registered by Dense.',
    );
  });

  it('refuses a second class under a seq name already taken', () => {
    class OtherScale extends Scale {}
    expect(() => registerSerializable(OtherScale)).toThrow(
      'received "seq.test.Scale", already registered by Scale.',
    );
  });

  it('refuses a class without a className', () => {
    class Nameless extends Scale {
      static override className = '';
    }
    expect(() => registerSerializable(Nameless)).toThrow(
      'registerSerializable: `cls.className` must be a non-empty string (the name the class is saved under); received "".',
    );
  });
});
