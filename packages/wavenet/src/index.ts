/**
 * WaveNet for TensorFlow.js (van den Oord et al. 2016): gated residual blocks of dilated causal
 * convolutions, model builders for forecasting and for mu-law audio, fast incremental generation
 * (Paine et al. 2016) that plugs into `@seq/decoding`, mu-law companding and WAV encoding. Node
 * file helpers are in `@seq/wavenet/node`.
 *
 * @packageDocumentation
 */
export { muLawDecode, muLawEncode } from './mu-law.js';
export { type DecodedWav, decodeWav, encodeWav } from './wav.js';
export {
  type WaveNetGenerateOptions,
  WaveNetGenerator,
  type WaveNetGeneratorOptions,
} from './wavenet-generator.js';
export {
  type ReceptiveFieldConfig,
  receptiveField,
  type SimpleWaveNetConfig,
  simpleWaveNet,
  type WaveNetConfig,
  wavenet,
} from './wavenet-models.js';
export {
  WaveNetResidualBlock,
  type WaveNetResidualBlockArgs,
  wavenetResidualBlock,
} from './wavenet-residual-block.js';
export {
  type WaveNetStepFunction,
  type WaveNetStepperOptions,
  type WaveNetStepResult,
  type WaveNetStepState,
  wavenetStepper,
} from './wavenet-stepper.js';
