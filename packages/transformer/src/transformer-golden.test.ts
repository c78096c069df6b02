import { expectTensorsClose, goldenTensor, readGolden } from '@seq/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { sinePositionEncoding } from './sine-position-encoding.js';
import { TransformerDecoder } from './transformer-decoder.js';
import { TransformerEncoder } from './transformer-encoder.js';

const fixture = (name: string) =>
  readGolden(new URL(`../test/fixtures/${name}.json`, import.meta.url));

/** Compares only the rows whose mask is 1 (outputs at padded positions are meaningless). */
function expectRealRowsClose(
  actual: tf.Tensor,
  expected: tf.Tensor,
  mask: tf.Tensor | null,
  atol: number,
): void {
  if (!mask) {
    expectTensorsClose(actual, expected, { atol });
    return;
  }
  const keep = tf.expandDims(mask, 2); // [B, T, 1]
  expectTensorsClose(tf.mul(actual, keep), tf.mul(expected, keep), { atol });
}

describe('Transformer layers match the reference implementation (keras-hub layout)', () => {
  it('sinePositionEncoding, from 0 and from position 3', () => {
    const golden = fixture('sine_position_encoding');
    const { sequenceLength, hiddenDim, maxWavelength } = golden.config as {
      sequenceLength: number;
      hiddenDim: number;
      maxWavelength: number;
    };
    expectTensorsClose(
      sinePositionEncoding(sequenceLength, hiddenDim, { maxWavelength }),
      goldenTensor(golden.expected.encoding),
      { atol: golden.tolerance },
    );
    expectTensorsClose(
      sinePositionEncoding(sequenceLength, hiddenDim, { maxWavelength, startIndex: 3 }),
      goldenTensor(golden.expected.offset3),
      { atol: golden.tolerance },
    );
  });

  it('TransformerEncoder (post-norm) with a padding mask', () => {
    const golden = fixture('transformer_encoder');
    const x = goldenTensor(golden.inputs.x);
    const paddingMask = goldenTensor(golden.inputs.paddingMask);
    const layer = new TransformerEncoder({ intermediateDim: 32, numHeads: 2 });
    layer.apply(x);
    layer.setWeights(golden.weights.map((w) => goldenTensor(w)));
    const y = layer.apply(x, { paddingMask }) as tf.Tensor;
    expectRealRowsClose(y, goldenTensor(golden.expected.output), paddingMask, golden.tolerance);
  });

  it('TransformerDecoder (post-norm) with causal self-attention and an encoder padding mask', () => {
    const golden = fixture('transformer_decoder');
    const x = goldenTensor(golden.inputs.x);
    const encoder = goldenTensor(golden.inputs.encoderOutput);
    const encoderPaddingMask = goldenTensor(golden.inputs.encoderPaddingMask);
    const layer = new TransformerDecoder({ intermediateDim: 32, numHeads: 2 });
    layer.apply([x, encoder]);
    layer.setWeights(golden.weights.map((w) => goldenTensor(w)));
    const y = layer.apply([x, encoder], { encoderPaddingMask }) as tf.Tensor;
    expectTensorsClose(y, goldenTensor(golden.expected.output), { atol: golden.tolerance });
  });
});
