import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, readCheckpoints } from './index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = path.join(root, 'test', 'train-with-checkpoints.ts');

/** Runs the training script; kills it (SIGKILL) `delayMs` after its `killAfter`-th saved epoch, if given. */
function run(directory: string, epochs: number, killAfter?: number, delayMs = 0) {
  return new Promise<{ lines: string[]; killed: boolean }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@seq/source', script, directory, String(epochs)],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    let stderr = '';
    let saved = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (line.startsWith('saved') && ++saved === killAfter)
          setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lines, killed: true });
      else if (code === 0) resolve({ lines, killed: false });
      else reject(new Error(`training exited with ${code}: ${stderr}`));
    });
  });
}

describe('crash safety of checkpoints', () => {
  it('a training process killed at random moments always leaves a loadable checkpoint, and resumes from it', async () => {
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'seq-crash-'));
    try {
      let lastEpoch = -1;
      // Kills 0-40 ms after an epoch's save: during the next epoch's training or in the middle of its save.
      for (const [round, delay] of [0, 3, 11, 25, 40].entries()) {
        const { lines, killed } = await run(directory, 40, 2, delay);
        expect(killed, `round ${round} was not killed: ${lines.join(' | ')}`).toBe(true);
        const start = Number(lines[0]?.split(' ')[1]);
        expect(start).toBe(lastEpoch + 1); // resumed right after the last indexed checkpoint
        const index = await readCheckpoints(directory);
        const latest = index?.latest?.epoch ?? -1;
        expect(latest).toBeGreaterThanOrEqual(start + 1); // two saves completed
        const { model } = await loadCheckpoint(directory); // never half-written
        tf.dispose(model.predict(tf.ones([1, 8])) as tf.Tensor);
        const best = await loadCheckpoint(directory, 'best');
        expect(best.model.layers.length).toBeGreaterThan(0);
        lastEpoch = latest;
      }
      const { lines } = await run(directory, lastEpoch + 3);
      expect(lines.at(-1)).toBe('done');
      expect((await readCheckpoints(directory))?.latest?.epoch).toBe(lastEpoch + 2);
    } finally {
      await fs.rm(directory, { recursive: true, force: true });
    }
  }, 180_000);
});
