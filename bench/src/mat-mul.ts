/**
 * Benchmark 4, matrix products on wasm: tfjs 4.22's wasm `BatchMatMul` against the fast path
 * `@seq/core` registers over it, same run, same operands: a plain product, the two transposed
 * products of a dense layer's backward pass, many rows sharing one weight matrix, and a true
 * batch (attention scores). Reports medians, GFLOP/s and the largest difference between the two
 * results relative to the largest output (must stay under 1e-5).
 *
 *   pnpm bench mat-mul [--quick]
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { gflops, measure } from './measure.js';
import { type BenchOptions, parseOptions, repeatsFor } from './options.js';
import { BenchReport } from './report.js';
import { restoreWasmMatMul, useWasmMatMul } from './wasm-mat-mul-kernel.js';

interface Product {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** `[..., m, k] x [..., k, n]` floating-point operations (a multiply and an add per term). */
function flopsOf(p: Product): number {
  const a = p.transposeA ? [...p.a.slice(0, -2), p.a.at(-1), p.a.at(-2)] : p.a;
  const b = p.transposeB ? [...p.b.slice(0, -2), p.b.at(-1), p.b.at(-2)] : p.b;
  const batch = Math.max(
    a.slice(0, -2).reduce<number>((x, y) => x * (y as number), 1),
    b.slice(0, -2).reduce<number>((x, y) => x * (y as number), 1),
  );
  return 2 * batch * (a.at(-2) as number) * (a.at(-1) as number) * (b.at(-1) as number);
}

export async function run(options: BenchOptions): Promise<string> {
  tf.env().set('PROD', true);
  const s = options.mode === 'smoke' ? 16 : 1; // smoke runs divide the sizes
  const d = (n: number) => Math.max(1, n / s);
  const products: Product[] = [
    {
      name: 'plain [2048, 128] x [128, 512]',
      a: [d(2048), d(128)],
      b: [d(128), d(512)],
      transposeA: false,
      transposeB: false,
    },
    {
      name: 'input gradient [2048, 128] x [512, 128]^T',
      a: [d(2048), d(128)],
      b: [d(512), d(128)],
      transposeA: false,
      transposeB: true,
    },
    {
      name: 'weight gradient [128, 2048]^T x [128, 512]',
      a: [d(128), d(2048)],
      b: [d(128), d(512)],
      transposeA: true,
      transposeB: false,
    },
    {
      name: 'shared weights [32, 64, 128] x [128, 512]',
      a: [d(32), d(64), d(128)],
      b: [d(128), d(512)],
      transposeA: false,
      transposeB: false,
    },
    {
      name: 'attention scores [128, 64, 32] x [128, 64, 32]^T',
      a: [d(128), d(64), d(32)],
      b: [d(128), d(64), d(32)],
      transposeA: false,
      transposeB: true,
    },
  ];
  const report = new BenchReport(
    'mat-mul',
    "wasm matrix products: tfjs' BatchMatMul kernel against seq's fast path, same run",
    [
      'product',
      'tfjs ms',
      'seq ms',
      'speed-up',
      'tfjs GFLOP/s',
      'seq GFLOP/s',
      'relative difference',
    ],
    options.mode,
  );
  await tf.setBackend('wasm');
  for (const p of products) {
    if (options.only && !p.name.includes(options.only)) continue;
    const a = tf.randomNormal(p.a, 0, 1, 'float32', 1);
    const b = tf.randomNormal(p.b, 0, 1, 'float32', 2);
    const product = () => tf.matMul(a, b, p.transposeA, p.transposeB);
    const timeIt = () =>
      measure(
        () => {
          const out = product();
          out.dataSync();
          out.dispose();
        },
        { warmup: 3, repeats: repeatsFor(options, 15) },
      );
    useWasmMatMul('tfjs');
    let before: Awaited<ReturnType<typeof timeIt>>;
    let reference: tf.Tensor;
    try {
      before = await timeIt();
      reference = product();
    } finally {
      restoreWasmMatMul();
    }
    const after = await timeIt();
    const relative = tf.tidy(() => {
      const out = product();
      return (
        (tf.max(tf.abs(tf.sub(out, reference))).dataSync()[0] as number) /
        (tf.max(tf.abs(reference)).dataSync()[0] as number)
      );
    });
    const flops = flopsOf(p);
    report.add({
      product: p.name,
      'tfjs ms': before.medianMs,
      'seq ms': after.medianMs,
      'speed-up': before.medianMs / after.medianMs,
      'tfjs GFLOP/s': gflops(flops, before.medianMs),
      'seq GFLOP/s': gflops(flops, after.medianMs),
      'relative difference': relative,
    });
    tf.dispose([a, b, reference]);
  }
  report.note(
    "Medians of 15 products after 3 warm-ups, each read back. tfjs' kernel is fast on a plain 2-D product (XNNPACK) and slow with a transposed operand or a batch; seq transposes explicitly, folds shared weights into one 2-D product and splits a true batch of large enough matrices into one fast 2-D product each, so the results equal to float32 rounding.",
  );
  return report.finish(options.outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(parseOptions(process.argv.slice(2)));
