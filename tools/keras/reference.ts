// biome-ignore-all lint/style/noNonNullAssertion: index arithmetic over arrays of known shapes, kept readable
/**
 * Float64 reference implementations, written from the Keras and keras-hub formulas, that compute
 * the expected outputs of the Keras fixtures whose layers have no golden vectors. Plain arrays,
 * no tfjs: independent of the code under test.
 */

export type Matrix = number[][];
export type Batch = number[][][];

/** `x [n, in] . w [in, out] + b [out]`. */
export function dense(x: Matrix, w: Matrix, b: number[] | null): Matrix {
  return x.map((row) =>
    (w[0] as number[]).map((_, j) =>
      row.reduce((s, v, i) => s + v * (w[i] as number[])[j]!, b ? b[j]! : 0),
    ),
  );
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Keras' GRU with `reset_after=True` (gates z, r, h), returning every step: `[batch, time, units]`. */
export function gruResetAfter(x: Batch, kernel: Matrix, recurrent: Matrix, bias: Matrix): Batch {
  const units = recurrent.length;
  return x.map((steps) => {
    let h = new Array<number>(units).fill(0);
    return steps.map((xt) => {
      const xi = dense([xt], kernel, bias[0]!)[0]!; // [3 units]
      const hr = dense([h], recurrent, bias[1]!)[0]!;
      const z = h.map((_, u) => sigmoid(xi[u]! + hr[u]!));
      const r = h.map((_, u) => sigmoid(xi[units + u]! + hr[units + u]!));
      const hh = h.map((_, u) => Math.tanh(xi[2 * units + u]! + r[u]! * hr[2 * units + u]!));
      h = h.map((hp, u) => z[u]! * hp + (1 - z[u]!) * hh[u]!);
      return [...h];
    });
  });
}

/** Softmax of a row. */
function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Projects `[time, dim]` with a `[dim, heads, k]` kernel and `[heads, k]` bias: `[heads][time][k]`. */
function project(x: Matrix, kernel: Batch, bias: Matrix): Batch {
  const heads = kernel[0]!.length;
  return Array.from({ length: heads }, (_, h) =>
    x.map((row) =>
      bias[h]!.map((bk, k) => row.reduce((s, v, i) => s + v * kernel[i]![h]![k]!, bk)),
    ),
  );
}

/** The weights of Keras' `MultiHeadAttention`, in its order. */
export interface MhaWeights {
  queryKernel: Batch;
  queryBias: Matrix;
  keyKernel: Batch;
  keyBias: Matrix;
  valueKernel: Batch;
  valueBias: Matrix;
  outputKernel: Batch;
  outputBias: number[];
}

/** Keras' `MultiHeadAttention(query, value, key = value)` without a mask: `[batch, Tq, dim]`. */
export function multiHeadAttention(query: Batch, value: Batch, w: MhaWeights): Batch {
  return query.map((q, b) => {
    const v = value[b]!;
    const qh = project(q, w.queryKernel, w.queryBias);
    const kh = project(v, w.keyKernel, w.keyBias);
    const vh = project(v, w.valueKernel, w.valueBias);
    const keyDim = qh[0]![0]!.length;
    const heads = qh.map((qs, h) =>
      qs.map((qi) => {
        const p = softmax(
          kh[h]!.map((kj) => kj.reduce((s, kv, d) => s + kv * qi[d]!, 0) / Math.sqrt(keyDim)),
        );
        return vh[h]![0]!.map((_, d) => p.reduce((s, pj, j) => s + pj * vh[h]![j]![d]!, 0));
      }),
    ); // [heads][Tq][valueDim]
    return q.map((_, t) =>
      w.outputBias.map((ob, o) =>
        heads.reduce(
          (s, head, h) =>
            s + head[t]!.reduce((s2, hv, d) => s2 + hv * w.outputKernel[h]![d]![o]!, 0),
          ob,
        ),
      ),
    );
  });
}

/** Layer normalisation over the last axis. */
export function layerNorm(x: Matrix, gamma: number[], beta: number[], epsilon: number): Matrix {
  return x.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + epsilon)) * gamma[i]! + beta[i]!);
  });
}

/** keras-hub's `TransformerEncoder` (post-norm, relu, no mask, no dropout). */
export function transformerEncoder(
  x: Batch,
  mha: MhaWeights,
  norms: { attention: [number[], number[]]; feedforward: [number[], number[]] },
  ffn: { w1: Matrix; b1: number[]; w2: Matrix; b2: number[] },
  epsilon: number,
): Batch {
  const attended = multiHeadAttention(x, x, mha);
  return x.map((rows, b) => {
    const y = layerNorm(
      rows.map((r, t) => r.map((v, i) => v + attended[b]![t]![i]!)),
      ...norms.attention,
      epsilon,
    );
    const hidden = dense(y, ffn.w1, ffn.b1).map((r) => r.map((v) => Math.max(0, v)));
    const out = dense(hidden, ffn.w2, ffn.b2);
    return layerNorm(
      y.map((r, t) => r.map((v, i) => v + out[t]![i]!)),
      ...norms.feedforward,
      epsilon,
    );
  });
}

/** Keras' `Attention` (dot scores, times `scale` when given) and `AdditiveAttention` on `[query, value, key]`. */
export function attention(
  query: Batch,
  value: Batch,
  key: Batch,
  score: { kind: 'dot'; scale: number } | { kind: 'additive'; scale: number[] },
): Batch {
  return query.map((q, b) => {
    const k = key[b]!;
    const v = value[b]!;
    return q.map((qi) => {
      const scores = k.map((kj) =>
        score.kind === 'dot'
          ? kj.reduce((s, kv, d) => s + kv * qi[d]!, 0) * score.scale
          : kj.reduce((s, kv, d) => s + score.scale[d]! * Math.tanh(qi[d]! + kv), 0),
      );
      const p = softmax(scores);
      return v[0]!.map((_, d) => p.reduce((s, pj, j) => s + pj * v[j]![d]!, 0));
    });
  });
}
