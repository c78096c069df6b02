/**
 * Node-only helpers of @seq/wavenet: WAV files on disk.
 *
 * @packageDocumentation
 */
export { readWav, writeWav } from './wav-file.js';
