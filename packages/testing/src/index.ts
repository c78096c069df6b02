/**
 * The shared test harness of seq (private): the layer contract every layer test runs, tensor
 * assertions, leak checks and golden fixtures.
 *
 * @packageDocumentation
 */

export { collectTensors, expectNoLeakedTensors } from './expect-no-leaked-tensors.js';
export { type CloseOptions, expectTensorsClose } from './expect-tensors-close.js';
export { type GoldenCase, type GoldenTensor, goldenTensor, readGolden } from './golden.js';
export { type LayerContractOptions, runLayerContract } from './layer-contract.js';
export { roundTripModel } from './round-trip-model.js';
export { serveStatic } from './serve-static.js';
export { flatten, type TensorLike } from './tensor-like.js';
