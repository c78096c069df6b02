import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** An activation by name, in tfjs' or Keras' spelling: `'tanh'`, `'relu'`, `'hardSigmoid'` / `'hard_sigmoid'`... */
export type ActivationIdentifier = string;

/** An activation function. */
export type ActivationFn = (x: tf.Tensor) => tf.Tensor;

/** A resolved activation: its canonical name and its function. */
export interface ResolvedActivation {
  /** The canonical (tfjs, camelCase) name, as configs save it. */
  name: string;
  /** The function. */
  fn: ActivationFn;
}

type Fn = ActivationFn;

const ACTIVATIONS: Readonly<Record<string, Fn>> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  sigmoid: (x) => tf.sigmoid(x),
  // Keras 3: max(0, min(1, x / 6 + 0.5)). Keras 2 and tfjs' own use 0.2 x + 0.5: a model from Keras
  // 2 with hard_sigmoid gates gives slightly different numbers here.
  hardSigmoid: (x) => tf.clipByValue(tf.add(tf.div(x, 6), 0.5), 0, 1),
  tanh: (x) => tf.tanh(x),
  softplus: (x) => tf.softplus(x),
  softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
  softmax: (x) => tf.softmax(x),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  silu: (x) => tf.mul(x, tf.sigmoid(x)),
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
  exponential: (x) => tf.exp(x),
};

/**
 * Resolves an activation by name (tfjs' or Keras' spelling) to its canonical camelCase name and its
 * function, as seq's layers do for their `activation` arguments.
 *
 * @param owner - Who asks, for the error message.
 * @param argument - The argument's name, for the error message.
 * @throws {@link @seq/core!index.SeqError} for an unknown name.
 * @example
 * ```ts
 * const { name, fn } = getActivation('MyLayer', 'activation', 'hard_sigmoid'); // name 'hardSigmoid'
 * ```
 */
export function getActivation(owner: string, argument: string, id: unknown): ResolvedActivation {
  const name =
    typeof id === 'string' ? id.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : '';
  const fn = ACTIVATIONS[name === 'none' ? 'linear' : name];
  if (id == null) return { name: 'linear', fn: ACTIVATIONS.linear as Fn };
  if (!fn) {
    throw new SeqError({
      owner,
      argument,
      expected: `an activation name (${Object.keys(ACTIVATIONS).join(', ')})`,
      received: id,
    });
  }
  return { name: name === 'none' ? 'linear' : name, fn };
}
