/**
 * Benchmark: the cost of generating token t with a decoder-only Transformer (2 blocks, hidden 64,
 * 4 heads), with the KV cache (attention over t cached keys) and without (a full causal pass over
 * t tokens), on the wasm backend. Prints the per-token time at t = 32, 64, 128 and 256.
 *
 *   pnpm --filter @seq/transformer bench:cache
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { TransformerDecoder, type TransformerDecoderCache } from '../src/index.js';

tf.env().set('PROD', true);
await tf.setBackend(process.argv.includes('--cpu') ? 'cpu' : 'wasm');
const hidden = 64;
const blocks = [0, 1].map(() => new TransformerDecoder({ intermediateDim: 128, numHeads: 4 }));
const total = 256;
const inputs = tf.randomNormal([1, total, hidden], 0, 1, 'float32', 1);
for (const b of blocks) tf.dispose(b.apply(inputs.slice([0, 0, 0], [1, 2, hidden])) as tf.Tensor);

const checkpoints = [32, 64, 128, 256];
const cached: Record<number, number> = {};
let caches: TransformerDecoderCache[] = blocks.map(() => ({
  selfAttention: null,
  crossAttention: null,
}));
for (let t = 1; t <= total; t++) {
  const started = performance.now();
  let x = inputs.slice([0, t - 1, 0], [1, 1, hidden]);
  caches = blocks.map((block, i) => {
    const step = block.callWithCache(x, caches[i] as TransformerDecoderCache);
    const old = caches[i] as TransformerDecoderCache;
    if (old.selfAttention) tf.dispose([old.selfAttention.key, old.selfAttention.value]);
    tf.dispose(x);
    x = step.output;
    return step.cache;
  });
  await x.data();
  tf.dispose(x);
  // Average the 8 tokens ending at each checkpoint (one token is too short to time alone).
  const checkpoint = checkpoints.find((c) => t > c - 8 && t <= c);
  if (checkpoint)
    cached[checkpoint] = (cached[checkpoint] ?? 0) + (performance.now() - started) / 8;
}

const uncached: Record<number, number> = {};
for (const t of checkpoints) {
  const prefix = inputs.slice([0, 0, 0], [1, t, hidden]);
  const run = () =>
    tf.tidy(() =>
      blocks
        .reduce((h, block) => block.apply(h) as tf.Tensor, prefix as tf.Tensor)
        .slice([0, t - 1, 0], [1, 1, hidden]),
    );
  tf.dispose(run()); // warm-up at this length
  const started = performance.now();
  const out = run();
  await out.data();
  uncached[t] = performance.now() - started;
  tf.dispose([out, prefix]);
}
console.log(`| token t | with KV cache | full recompute | ratio |\n| --- | --- | --- | --- |`);
for (const t of checkpoints) {
  console.log(
    `| ${t} | ${(cached[t] as number).toFixed(2)} ms | ${(uncached[t] as number).toFixed(2)} ms | ${((uncached[t] as number) / (cached[t] as number)).toFixed(1)}x |`,
  );
}
console.log(`backend ${tf.getBackend()}, node ${process.version}`);
