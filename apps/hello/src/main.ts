import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BackendName, useBackend, useBestBackend } from '@seq/core';
import { learnAutoregression } from './autoregression.js';

const HELP = `Usage: pnpm start [-- options]

Learns x[t] = 1.6 x[t-1] - 0.8 x[t-2] + noise from a generated series with a linear forecaster,
saves the model atomically, reloads it and prints what it learned.

Options:
  --backend <name>  tensorflow, wasm or cpu (default: the best that loads here)
  --seed <n>        seed of the data and the weights (default 42)
  --epochs <n>      training epochs (default 60)
  --out <dir>       where the model is saved (default runs/hello/<timestamp>)
  --help            this text`;

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    seed: { type: 'string', default: '42' },
    epochs: { type: 'string', default: '60' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(HELP);
} else {
  if (values.backend) {
    await useBackend(values.backend as BackendName);
    console.log(`tfjs backend: ${values.backend}`);
  } else {
    console.log((await useBestBackend()).summary);
  }
  const out = values.out ?? join('runs', 'hello', new Date().toISOString().replace(/[:.]/g, '-'));
  const started = Date.now();
  const result = await learnAutoregression({
    seed: Number(values.seed),
    epochs: Number(values.epochs),
    out,
  });
  const fmt = (c: [number, number]) =>
    `x[t] = ${c[0].toFixed(3)} x[t-1] ${c[1] < 0 ? '-' : '+'} ${Math.abs(c[1]).toFixed(3)} x[t-2]`;
  console.log(`truth:   ${fmt(result.truth)}`);
  console.log(`learned: ${fmt(result.learned)}`);
  console.log(
    `one-step forecast MSE on the last 20%: ${result.modelMse.toFixed(4)} (naive forecast: ${result.naiveMse.toFixed(4)})`,
  );
  console.log(`model saved to ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
