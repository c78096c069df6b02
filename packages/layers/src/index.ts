/**
 * Keras-compatible sequence layers that tfjs lacks: a trainable causal, dilated `Conv1D` (and the
 * `conv1dDilated` op under it). Importing this package registers its layers for serialization.
 *
 * @packageDocumentation
 */
export type { ActivationIdentifier } from './activation.js';
export { Conv1D, type Conv1DArgs, conv1d } from './conv1d.js';
export {
  type Conv1DDilatedOptions,
  type Conv1DGeometry,
  type Conv1DPadding,
  conv1dDilated,
  conv1dGeometry,
} from './conv1d-dilated.js';
export type { Initializer, InitializerIdentifier, SerializedInitializer } from './initializer.js';
