import * as tf from '@tensorflow/tfjs';

/** What a fused sequence run returns: every step's output and the final states. */
export interface SequenceRun {
  /** `[batch, time, units]`. */
  outputs: tf.Tensor;
  /** The final states, each `[batch, units]`. */
  states: tf.Tensor[];
}

/**
 * The whole LSTM recurrence (`tanh` / `sigmoid` activations) as one op with a hand-written backward
 * pass (backpropagation through time). Autodiff of the step-by-step loop builds several kernels
 * per forward op; here the backward step is ~11 kernels plus one matMul, and the recurrent kernel's
 * gradient is a single matMul over all steps.
 *
 * Forward, per step (mask `m`, recurrent dropout `rm`):
 * `z = p_t + (h ⊙ rm) U`, `i, f, o = σ(z_i, z_f, z_o)`, `g = tanh(z_c)`, `c' = f c + i g`,
 * `h' = o tanh(c')`; masked steps keep `h, c` and repeat the previous output.
 *
 * @param projected - `[batch, time, 4 units]`: `x W + b` for every step.
 * @param kernel - `[units, 4 units]`, the recurrent kernel.
 * @param h0 - `[batch, units]`.
 * @param c0 - `[batch, units]`.
 * @param mask - `[batch, time]` (1 = real step), or `null`.
 * @param recurrentMask - `[batch, units]` dropout mask on the previous output, or `null`.
 * @param sequence - Whether every step's output is wanted, or only the last one's.
 * @internal
 */
export function fusedLstm(
  projected: tf.Tensor,
  kernel: tf.Tensor,
  h0: tf.Tensor,
  c0: tf.Tensor,
  mask: tf.Tensor | null,
  recurrentMask: tf.Tensor | null,
  sequence = true,
): SequenceRun {
  const time = projected.shape[1] as number;
  // Inside the op everything is laid out [features, batch]: a step's gates are then contiguous
  // rows of z, and splitting them is a cheap view (splitting columns is slow on the cpu backend).
  const maskT = mask ? tf.expandDims(tf.transpose(mask), 1) : null; // [B, T] -> [T, 1, B]
  const recurrentMaskT = recurrentMask ? tf.transpose(recurrentMask) : null; // [B, U] -> [U, B]
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [p, u, hInit, cInit, save] = args as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.GradSaveFunc,
    ];
    const uT = tf.transpose(u); // [4U, U]
    const steps = tf.unstack(p); // time x [4U, B]
    const masks = maskT ? tf.unstack(maskT) : null; // time x [1, B]
    let h = hInit; // [U, B]
    let c = cInit;
    let previous: tf.Tensor = tf.zerosLike(hInit);
    const outputs: tf.Tensor[] = [];
    const gi: tf.Tensor[] = [];
    const gf: tf.Tensor[] = [];
    const gg: tf.Tensor[] = [];
    const go: tf.Tensor[] = [];
    const th: tf.Tensor[] = [];
    const hIn: tf.Tensor[] = [];
    const cIn: tf.Tensor[] = [];
    for (let t = 0; t < time; t++) {
      const hEff = recurrentMaskT ? tf.mul(h, recurrentMaskT) : h;
      const z = tf.add(steps[t] as tf.Tensor, tf.matMul(uT, hEff)); // [4U, U] x [U, B] -> [4U, B]
      const [zi, zf, zg, zo] = tf.split(z, 4, 0) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]; // 4 x [U, B]
      const i = tf.sigmoid(zi);
      const f = tf.sigmoid(zf);
      const g = tf.tanh(zg);
      const o = tf.sigmoid(zo);
      const cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
      const tanhC = tf.tanh(cNew);
      const hNew = tf.mul(o, tanhC);
      gi.push(i);
      gf.push(f);
      gg.push(g);
      go.push(o);
      th.push(tanhC);
      hIn.push(hEff);
      cIn.push(c);
      const m = masks?.[t];
      if (m) {
        h = tf.add(h, tf.mul(m, tf.sub(hNew, h)));
        c = tf.add(c, tf.mul(m, tf.sub(cNew, c)));
        previous = tf.add(previous, tf.mul(m, tf.sub(hNew, previous)));
      } else {
        h = hNew;
        c = cNew;
        previous = hNew;
      }
      outputs.push(previous);
    }
    // Gate derivatives for all steps at once: σ' = a (1 - a), tanh' = 1 - a². The per-step gates are
    // saved as they are (unstacking T slices costs a kernel each, on wasm most of all).
    const [I, F, G, O, TH] = [gi, gf, gg, go, th].map((list) => tf.stack(list)) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ]; // [T, U, B]
    const sig = (a: tf.Tensor) => tf.mul(a, tf.sub(1, a));
    const tanhPrime = (a: tf.Tensor) => tf.sub(1, tf.square(a));
    const D = tf.concat([sig(I), sig(F), tanhPrime(G), sig(O)], 1); // [T, 4U, B]: the gates' derivatives
    save([
      ...gi,
      ...gf,
      ...gg,
      ...go,
      ...th,
      ...cIn,
      D,
      tanhPrime(TH),
      tf.stack(hIn),
      u,
      ...(maskT ? [maskT] : []),
      ...(recurrentMaskT ? [recurrentMaskT] : []),
    ]);
    // [T + 2, U, B] (every output, then h_T, c_T), or [3, U, B] (the last output, h_T, c_T).
    const value = tf.concat(
      [sequence ? tf.stack(outputs) : tf.expandDims(previous, 0), tf.stack([h, c])],
      0,
    );
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const per = (k: number) => saved.slice(k * time, (k + 1) * time); // the k-th saved per-step list
        const [i, f, g, o, tanhC, cPrev] = [0, 1, 2, 3, 4, 5].map(per) as [
          tf.Tensor[],
          tf.Tensor[],
          tf.Tensor[],
          tf.Tensor[],
          tf.Tensor[],
          tf.Tensor[],
        ];
        const [Ds, dTHs, Hs, U, ...rest] = saved.slice(6 * time) as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          ...tf.Tensor[],
        ];
        const savedMask = maskT ? (rest[0] as tf.Tensor) : null;
        const savedRecurrentMask = recurrentMaskT ? (rest[maskT ? 1 : 0] as tf.Tensor) : null;
        const units = U.shape[0] as number;
        const d = tf.unstack(Ds); // time x [4U, B]: the gates' derivatives
        const dTanhC = tf.unstack(dTHs); // time x [U, B]
        const outputSteps = sequence ? time : 1;
        const dyAll = tf.unstack(dy.slice([0, 0, 0], [outputSteps, -1, -1])); // outputs' gradients, [U, B] each
        const dyOutputs = sequence
          ? dyAll
          : [...new Array<tf.Tensor | null>(time - 1).fill(null), dyAll[0] as tf.Tensor];
        const ms = savedMask ? tf.unstack(savedMask) : null;
        let dh = tf.squeeze(dy.slice([outputSteps, 0, 0], [1, -1, -1]), [0]); // dL/dh_T
        let dc = tf.squeeze(dy.slice([outputSteps + 1, 0, 0], [1, -1, -1]), [0]); // dL/dc_T
        let dOutCarry: tf.Tensor | null = null;
        const dz: tf.Tensor[] = new Array(time);
        for (let t = time - 1; t >= 0; t--) {
          const given = dyOutputs[t] ?? null;
          const dOut: tf.Tensor | null =
            given && dOutCarry ? tf.add(given, dOutCarry) : (given ?? dOutCarry);
          const m = ms?.[t];
          let dhNew: tf.Tensor;
          let dcNew: tf.Tensor;
          // What flows on to step t - 1 directly (masked steps pass their state gradients through).
          let dhKeep: tf.Tensor | null = null;
          let dcKeep: tf.Tensor | null = null;
          if (m) {
            const keep = tf.sub(1, m);
            dhNew = tf.mul(m, dOut ? tf.add(dOut, dh) : dh);
            dcNew = tf.mul(m, dc);
            dOutCarry = dOut ? tf.mul(keep, dOut) : null;
            dhKeep = tf.mul(keep, dh);
            dcKeep = tf.mul(keep, dc);
          } else {
            dhNew = dOut ? tf.add(dOut, dh) : dh;
            dcNew = dc;
            dOutCarry = null;
          }
          dcNew = tf.add(dcNew, tf.mul(tf.mul(dhNew, o[t] as tf.Tensor), dTanhC[t] as tf.Tensor));
          const dO = tf.mul(dhNew, tanhC[t] as tf.Tensor);
          const dI = tf.mul(dcNew, g[t] as tf.Tensor);
          const dG = tf.mul(dcNew, i[t] as tf.Tensor);
          const dF = tf.mul(dcNew, cPrev[t] as tf.Tensor);
          const dcFromNew = tf.mul(dcNew, f[t] as tf.Tensor);
          dc = dcKeep ? tf.add(dcKeep, dcFromNew) : dcFromNew;
          const dzt = tf.mul(tf.concat([dI, dF, dG, dO], 0), d[t] as tf.Tensor); // [4U, B]
          dz[t] = dzt;
          let dhEff = tf.matMul(U, dzt); // [U, 4U] x [4U, B] -> [U, B]
          if (savedRecurrentMask) dhEff = tf.mul(dhEff, savedRecurrentMask);
          dh = dhKeep ? tf.add(dhKeep, dhEff) : dhEff;
        }
        const dZ = tf.stack(dz); // [T, 4U, B]
        const batch = dZ.shape[2] as number;
        // dU = sum_t h_eff,t dz_tᵀ as one matMul over all steps: [U, T B] x [T B, 4U].
        const hAll = tf.reshape(tf.transpose(Hs, [1, 0, 2]), [units, time * batch]); // [T, U, B] -> [U, T B]
        const dzAll = tf.reshape(tf.transpose(dZ, [0, 2, 1]), [time * batch, 4 * units]); // [T, 4U, B] -> [T B, 4U]
        return [dZ, tf.matMul(hAll, dzAll), dh, dc];
      },
    };
  });
  const packed = op(tf.transpose(projected, [1, 2, 0]), kernel, tf.transpose(h0), tf.transpose(c0)); // [B, T, 4U] -> [T, 4U, B]; out [T + 2, U, B]
  const steps = sequence ? time : 1;
  // Slices along time (the leading axis) are contiguous copies; slicing the batch-major transpose
  // instead is an element-by-element copy on the cpu backend.
  const state = (k: number) => tf.transpose(tf.squeeze(packed.slice([k, 0, 0], [1, -1, -1]), [0])); // [U, B] -> [B, U]
  return {
    outputs: tf.transpose(packed.slice([0, 0, 0], [steps, -1, -1]), [2, 0, 1]), // [steps, U, B] -> [B, steps, U]
    states: [state(steps), state(steps + 1)],
  };
}
