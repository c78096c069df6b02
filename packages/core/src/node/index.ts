/**
 * Node-only parts of `@seq/core`: a `tf.io` handler for folders on disk with atomic saves and
 * safe loads, and checkpoints of training runs that can be resumed. Importing this entry point routes `file://` URLs to it.
 *
 * @packageDocumentation
 */
import { registerFileSystemRouter } from './file-system-router.js';

export { type FileSystemOptions, fileSystem } from './file-system.js';
export { fileSystemRouter, registerFileSystemRouter } from './file-system-router.js';
export {
  type BestCheckpoint,
  type CheckpointEntry,
  type CheckpointIndex,
  type LoadedCheckpoint,
  loadCheckpoint,
  ModelCheckpoint,
  type ModelCheckpointOptions,
  modelCheckpoint,
  readCheckpoints,
} from './model-checkpoint.js';

registerFileSystemRouter();

export { writeFileAtomically } from './write-file-atomically.js';
