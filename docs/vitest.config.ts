import { mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// The guides train real models: run them on wasm (several times faster than cpu) unless told otherwise.
export default mergeConfig(shared, {
  test: {
    include: ['test/**/*.test.ts'],
    env: { SEQ_TEST_BACKEND: process.env.SEQ_TEST_BACKEND ?? 'wasm' },
  },
});
