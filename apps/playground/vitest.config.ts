import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The browser tests build the site and train small models in headless Chromium: one file at a
// time (the machine has two cores), with room for a slow build.
export default mergeConfig(shared, {
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
