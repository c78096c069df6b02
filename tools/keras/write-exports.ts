/**
 * Writes `tools/keras/exported/{keras3,keras2}/<case>/`: each case of `export-models.ts` saved with
 * `saveForKeras`, and `expected.json` (its inputs, and seq's outputs). Run from `tools/`:
 *
 *     npx tsx --conditions=@seq/source keras/write-exports.ts
 *
 * then `python keras/check_export.py --write exported/keras3/*` records Keras' own outputs.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveForKeras } from '@seq/core';
import { fileSystem } from '@seq/core/node';
import * as tf from '@tensorflow/tfjs';
import { exportCases } from './export-models.js';

await tf.setBackend('cpu');
const root = fileURLToPath(new URL('./exported', import.meta.url));
for (const { name, model, inputs } of exportCases()) {
  const outputs = tf.tidy(() => {
    const y = model.predict(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs);
    return (Array.isArray(y) ? y : [y]).map((t) => ({
      shape: t.shape,
      data: Array.from(t.dataSync()),
    }));
  });
  for (const kerasVersion of [2, 3] as const) {
    const folder = path.join(root, `keras${kerasVersion}`, name);
    await fs.rm(folder, { recursive: true, force: true });
    await saveForKeras(model, fileSystem(folder), { kerasVersion });
    const expected = {
      inputs: inputs.map((t) => ({
        shape: t.shape,
        dtype: t.dtype,
        data: Array.from(t.dataSync()),
      })),
      outputs,
    };
    await fs.writeFile(path.join(folder, 'expected.json'), `${JSON.stringify(expected)}\n`);
  }
  model.dispose();
  tf.dispose(inputs);
  console.log(`wrote ${name}`);
}
