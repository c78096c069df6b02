/**
 * Shared foundations of seq: one error type and the validation helpers that raise it, the
 * serialization registry, backend selection, a seeded random source, and the training callbacks
 * tfjs lacks (`earlyStopping` with `restoreBestWeights`, `terminateOnNaN`). Node-only model IO lives
 * in `@seq/core/node`.
 *
 * @packageDocumentation
 */
export { describeValue, formatShape } from './describe-value.js';
export { EarlyStopping, type EarlyStoppingOptions, earlyStopping } from './early-stopping.js';
export {
  type KerasExportContext,
  type KerasExportMapping,
  type KerasVersion,
  kerasExportMappings,
  registerKerasExport,
} from './keras-export-mapping.js';
export {
  type KerasConfig,
  type KerasContext,
  type KerasLayerMapping,
  kerasLayerMappings,
  registerKerasLayer,
} from './keras-layer-mapping.js';
export {
  type LearningRateSchedulerOptions,
  learningRateScheduler,
} from './learning-rate-scheduler.js';
export { loadKerasModel } from './load-keras-model.js';
export {
  type KerasLayerInfo,
  type KerasModelTopology,
  type NormalizedTopology,
  normalizeKerasTopology,
} from './normalize-keras-topology.js';
export { registerSerializable, type SerializableClass } from './register-serializable.js';
export { registerWasmKernels, WASM_FALLBACK_KERNELS } from './register-wasm-kernels.js';
export { saveForKeras } from './save-for-keras.js';
export { type MutableList, SeededRandom, type SeededRandomState } from './seeded-random.js';
export { SeqError, type SeqErrorOptions } from './seq-error.js';
export { type NaNStop, TerminateOnNaN, terminateOnNaN } from './terminate-on-nan.js';
export { type ToKerasOptions, toKerasTopology } from './to-keras-topology.js';
export { uniqueLayerName } from './unique-layer-name.js';
export {
  BACKEND_NAMES,
  BACKEND_PACKAGES,
  type BackendImporter,
  type BackendName,
  type UseBackendOptions,
  useBackend,
} from './use-backend.js';
export {
  type BackendChoice,
  type SkippedBackend,
  type UseBestBackendOptions,
  useBestBackend,
} from './use-best-backend.js';
export {
  assertBoolean,
  assertNonNegativeInteger,
  assertNumberInRange,
  assertOneOf,
  assertPositiveInteger,
  assertRank,
  assertShape,
  type NumberRange,
  type Shaped,
  type ShapeSource,
} from './validation.js';
