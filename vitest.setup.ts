/**
 * Runs before every test file: quiet tfjs' "install tfjs-node" banner and pick the backend the
 * suite runs on (`SEQ_TEST_BACKEND=wasm pnpm test` runs it on wasm; the default is cpu).
 */
import * as tf from '@tensorflow/tfjs';

tf.env().set('PROD', true); // quiet; IS_TEST would also turn on kernel leak checks that wasm fails
const backend = process.env.SEQ_TEST_BACKEND ?? 'cpu';
if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
if (!(await tf.setBackend(backend))) {
  throw new Error(`SEQ_TEST_BACKEND: backend "${backend}" did not initialise`);
}
