import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { goldenTensor, readGolden } from './golden.js';

const dir = mkdtempSync(path.join(tmpdir(), 'seq-golden-'));
function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('readGolden', () => {
  it('reads a case and makes tensors of its entries', () => {
    const file = write('ok.json', {
      description: 'y = 2x',
      config: { units: 1 },
      inputs: { x: { shape: [2, 1], data: [1, 2] } },
      weights: [{ shape: [1, 1], data: [2] }],
      expected: { y: { shape: [2, 1], data: [2, 4] }, tokens: [1, 2] },
      tolerance: 1e-6,
    });
    const golden = readGolden(file);
    expect(golden.tolerance).toBe(1e-6);
    expect(golden.expected.tokens).toEqual([1, 2]);
    const x = goldenTensor(golden.inputs.x);
    expect(x.shape).toEqual([2, 1]);
    expect(Array.from(x.dataSync())).toEqual([1, 2]);
    const ids = goldenTensor(
      golden.expected.tokens === undefined ? undefined : { shape: [2], data: [1, 2] },
      'int32',
    );
    expect(ids.dtype).toBe('int32');
    tf.dispose([x, ids]);
  });

  it('defaults the tolerance and the weights', () => {
    const golden = readGolden(write('min.json', { config: {}, inputs: {}, expected: {} }));
    expect(golden.tolerance).toBe(1e-4);
    expect(golden.weights).toEqual([]);
  });

  it('rejects malformed cases clearly', () => {
    expect(() => readGolden(write('no-config.json', { inputs: {}, expected: {} }))).toThrow(
      /missing "config"/,
    );
    expect(() =>
      readGolden(
        write('bad.json', {
          config: {},
          inputs: { x: { shape: [3], data: [1, 2] } },
          expected: {},
        }),
      ),
    ).toThrow(/inputs\.x must be \{shape, data\} with data of the shape's size/);
    expect(() => goldenTensor([1, 2])).toThrow(/goldenTensor\(entry\) must be \{shape, data\}/);
  });
});
