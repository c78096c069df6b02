import { expect, it } from 'vitest';

// The public surface of @seq/core, entry point by entry point. A change here is a change for users:
// it needs a changeset and, for a removal or rename, a major bump.
it('exports exactly this API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'BACKEND_NAMES',
    'BACKEND_PACKAGES',
    'EarlyStopping',
    'SeededRandom',
    'SeqError',
    'TerminateOnNaN',
    'WASM_FALLBACK_KERNELS',
    'assertBoolean',
    'assertNonNegativeInteger',
    'assertNumberInRange',
    'assertOneOf',
    'assertPositiveInteger',
    'assertRank',
    'assertShape',
    'describeValue',
    'earlyStopping',
    'formatShape',
    'kerasExportMappings',
    'kerasLayerMappings',
    'learningRateScheduler',
    'loadKerasModel',
    'normalizeKerasTopology',
    'registerKerasExport',
    'registerKerasLayer',
    'registerSerializable',
    'registerWasmKernels',
    'saveForKeras',
    'terminateOnNaN',
    'toKerasTopology',
    'uniqueLayerName',
    'useBackend',
    'useBestBackend',
  ]);
  expect(Object.keys(await import('./node/index.js')).sort()).toEqual([
    'ModelCheckpoint',
    'fileSystem',
    'fileSystemRouter',
    'loadCheckpoint',
    'modelCheckpoint',
    'readCheckpoints',
    'registerFileSystemRouter',
    'writeFileAtomically',
  ]);
});
