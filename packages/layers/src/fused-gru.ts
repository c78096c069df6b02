import * as tf from '@tensorflow/tfjs';
import type { SequenceRun } from './fused-lstm.js';

/**
 * The whole GRU recurrence (`tanh` / `sigmoid` activations, Keras' gates z, r, h) as one op with a
 * hand-written backward pass, for both variants: `resetAfter` (`ĥ = tanh(x Wh + r ⊙ (h Uh + b'h))`)
 * and reset-before (`ĥ = tanh(x Wh + (r ⊙ h) Uh)`). As {@link fusedLstm}, it works in a
 * `[features, batch]` layout inside, precomputes the gate derivatives for all steps at once, and
 * computes the recurrent kernel's gradient in one matMul over all steps.
 *
 * @param projected - `[batch, time, 3 units]`: `x W + b` (input bias) for every step.
 * @param kernel - `[units, 3 units]`, the recurrent kernel.
 * @param recurrentBias - `[3 units]` (with `resetAfter`), or `null`.
 * @param h0 - `[batch, units]`.
 * @param mask - `[batch, time]` (1 = real step), or `null`.
 * @param recurrentMask - `[batch, units]` dropout mask on the previous output, or `null`.
 * @param resetAfter - Which GRU variant.
 * @param sequence - Whether every step's output is wanted, or only the last one's.
 * @internal
 */
export function fusedGru(
  projected: tf.Tensor,
  kernel: tf.Tensor,
  recurrentBias: tf.Tensor | null,
  h0: tf.Tensor,
  mask: tf.Tensor | null,
  recurrentMask: tf.Tensor | null,
  resetAfter: boolean,
  sequence = true,
): SequenceRun {
  const time = projected.shape[1] as number;
  const units = kernel.shape[0] as number;
  const maskT = mask ? tf.expandDims(tf.transpose(mask), 1) : null; // [B, T] -> [T, 1, B]
  const recurrentMaskT = recurrentMask ? tf.transpose(recurrentMask) : null; // [B, U] -> [U, B]
  const bias = recurrentBias ?? tf.zeros([3 * units]);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [p, u, b, hInit, save] = args as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.GradSaveFunc,
    ];
    const uT = tf.transpose(u); // [3U, U]
    const uZRT = tf.slice(uT, [0, 0], [2 * units, units]); // [2U, U]
    const uHT = tf.slice(uT, [2 * units, 0], [units, units]); // [U, U]
    const bCol = tf.reshape(b, [3 * units, 1]); // broadcast over the batch
    const steps = tf.unstack(p); // time x [3U, B]
    const masks = maskT ? tf.unstack(maskT) : null;
    let h = hInit; // [U, B]
    let previous: tf.Tensor = tf.zerosLike(hInit);
    const outputs: tf.Tensor[] = [];
    const zs: tf.Tensor[] = [];
    const rs: tf.Tensor[] = [];
    const ns: tf.Tensor[] = [];
    const hhs: tf.Tensor[] = []; // resetAfter: h Uh + b'h; else r ⊙ h_eff
    const hEffs: tf.Tensor[] = [];
    const hPrevs: tf.Tensor[] = [];
    for (let t = 0; t < time; t++) {
      const hEff = recurrentMaskT ? tf.mul(h, recurrentMaskT) : h;
      const [xz, xr, xh] = tf.split(steps[t] as tf.Tensor, 3, 0) as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
      ]; // 3 x [U, B]
      let z: tf.Tensor;
      let r: tf.Tensor;
      let n: tf.Tensor;
      if (resetAfter) {
        const inner = tf.add(tf.matMul(uT, hEff), bCol); // [3U, U] x [U, B] -> [3U, B]
        const [hz, hr, hh] = tf.split(inner, 3, 0) as [tf.Tensor, tf.Tensor, tf.Tensor];
        z = tf.sigmoid(tf.add(xz, hz));
        r = tf.sigmoid(tf.add(xr, hr));
        n = tf.tanh(tf.add(xh, tf.mul(r, hh)));
        hhs.push(hh);
      } else {
        const [hz, hr] = tf.split(tf.matMul(uZRT, hEff), 2, 0) as [tf.Tensor, tf.Tensor]; // 2 x [U, B]
        z = tf.sigmoid(tf.add(xz, hz));
        r = tf.sigmoid(tf.add(xr, hr));
        const rh = tf.mul(r, hEff);
        n = tf.tanh(tf.add(xh, tf.matMul(uHT, rh)));
        hhs.push(rh);
      }
      const hNew = tf.add(n, tf.mul(z, tf.sub(h, n)));
      zs.push(z);
      rs.push(r);
      ns.push(n);
      hEffs.push(hEff);
      hPrevs.push(h);
      const m = masks?.[t];
      if (m) {
        h = tf.add(h, tf.mul(m, tf.sub(hNew, h)));
        previous = tf.add(previous, tf.mul(m, tf.sub(hNew, previous)));
      } else {
        h = hNew;
        previous = hNew;
      }
      outputs.push(previous);
    }
    // Derivative factors for all steps at once ([T, U, B] each):
    // dz_pre = dh' ⊙ (h - n) ⊙ z(1 - z); dn_pre = dh' ⊙ (1 - z) ⊙ (1 - n²);
    // resetAfter: dr_pre = dn_pre ⊙ hh ⊙ r(1 - r); else dr_pre = d(r h) ⊙ h_eff ⊙ r(1 - r).
    const [Z, R, N, HH, HE, HP] = [zs, rs, ns, hhs, hEffs, hPrevs].map((l) =>
      tf.stack(l),
    ) as tf.Tensor[];
    const sig = (a: tf.Tensor) => tf.mul(a, tf.sub(1, a));
    const AZ = tf.mul(tf.sub(HP as tf.Tensor, N as tf.Tensor), sig(Z as tf.Tensor));
    const BN = tf.mul(tf.sub(1, Z as tf.Tensor), tf.sub(1, tf.square(N as tf.Tensor)));
    const HR = tf.mul(resetAfter ? (HH as tf.Tensor) : (HE as tf.Tensor), sig(R as tf.Tensor));
    save([
      ...zs,
      ...rs,
      AZ,
      BN,
      HR,
      HE as tf.Tensor,
      HH as tf.Tensor,
      u,
      ...(maskT ? [maskT] : []),
      ...(recurrentMaskT ? [recurrentMaskT] : []),
    ]);
    // [T + 1, U, B] (every output, then h_T), or [2, U, B] (the last output, h_T).
    const value = tf.concat(
      [sequence ? tf.stack(outputs) : tf.expandDims(previous, 0), tf.expandDims(h, 0)],
      0,
    );
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const z = saved.slice(0, time);
        const r = saved.slice(time, 2 * time);
        const [AZs, BNs, HRs, HEs, HHs, U, ...rest] = saved.slice(2 * time) as tf.Tensor[];
        const savedMask = maskT ? (rest[0] as tf.Tensor) : null;
        const savedRecurrentMask = recurrentMaskT ? (rest[maskT ? 1 : 0] as tf.Tensor) : null;
        const [az, bn, hr] = [AZs, BNs, HRs].map((s) => tf.unstack(s as tf.Tensor)) as [
          tf.Tensor[],
          tf.Tensor[],
          tf.Tensor[],
        ];
        const uMat = U as tf.Tensor; // [U, 3U]
        const uZR = tf.slice(uMat, [0, 0], [units, 2 * units]); // [U, 2U]
        const uH = tf.slice(uMat, [0, 2 * units], [units, units]); // [U, U]
        const outputSteps = sequence ? time : 1;
        const dyAll = tf.unstack(dy.slice([0, 0, 0], [outputSteps, -1, -1])); // outputs' gradients, [U, B] each
        const dyOutputs = sequence
          ? dyAll
          : [...new Array<tf.Tensor | null>(time - 1).fill(null), dyAll[0] as tf.Tensor];
        const ms = savedMask ? tf.unstack(savedMask) : null;
        let dh = tf.squeeze(dy.slice([outputSteps, 0, 0], [1, -1, -1]), [0]); // dL/dh_T
        let dOutCarry: tf.Tensor | null = null;
        const dps: tf.Tensor[] = new Array(time);
        const dInner: tf.Tensor[] = new Array(time); // resetAfter: d(h U + b'); else d(z, r) pre-activations
        const dN: tf.Tensor[] = new Array(time);
        for (let t = time - 1; t >= 0; t--) {
          const given = dyOutputs[t] ?? null;
          const dOut: tf.Tensor | null =
            given && dOutCarry ? tf.add(given, dOutCarry) : (given ?? dOutCarry);
          const m = ms?.[t];
          let dhNew: tf.Tensor;
          let dhKeep: tf.Tensor | null = null;
          if (m) {
            const keep = tf.sub(1, m);
            dhNew = tf.mul(m, dOut ? tf.add(dOut, dh) : dh);
            dOutCarry = dOut ? tf.mul(keep, dOut) : null;
            dhKeep = tf.mul(keep, dh);
          } else {
            dhNew = dOut ? tf.add(dOut, dh) : dh;
            dOutCarry = null;
          }
          const dzPre = tf.mul(dhNew, az[t] as tf.Tensor);
          const dnPre = tf.mul(dhNew, bn[t] as tf.Tensor);
          let dhEff: tf.Tensor;
          let drPre: tf.Tensor;
          if (resetAfter) {
            drPre = tf.mul(dnPre, hr[t] as tf.Tensor);
            const dhh = tf.mul(dnPre, r[t] as tf.Tensor);
            const inner = tf.concat([dzPre, drPre, dhh], 0); // [3U, B]
            dInner[t] = inner;
            dhEff = tf.matMul(uMat, inner); // [U, 3U] x [3U, B] -> [U, B]
          } else {
            const drh = tf.matMul(uH, dnPre); // [U, B]: d(r ⊙ h_eff)
            drPre = tf.mul(drh, hr[t] as tf.Tensor);
            const zr = tf.concat([dzPre, drPre], 0); // [2U, B]
            dInner[t] = zr;
            dN[t] = dnPre;
            dhEff = tf.add(tf.matMul(uZR, zr), tf.mul(drh, r[t] as tf.Tensor));
          }
          dps[t] = tf.concat([dzPre, drPre, dnPre], 0); // [3U, B]
          if (savedRecurrentMask) dhEff = tf.mul(dhEff, savedRecurrentMask);
          const dhDirect = tf.mul(dhNew, z[t] as tf.Tensor);
          dh = tf.add(dhKeep ? tf.add(dhKeep, dhDirect) : dhDirect, dhEff);
        }
        const batch = dh.shape[1] as number;
        const flatT = (s: tf.Tensor, rows: number) =>
          tf.reshape(tf.transpose(s, [0, 2, 1]), [time * batch, rows]); // [T, R, B] -> [T B, R]
        const rowsOf = (s: tf.Tensor) =>
          tf.reshape(tf.transpose(s, [1, 0, 2]), [units, time * batch]); // [T, U, B] -> [U, T B]
        const dInnerAll = tf.stack(dInner);
        let dU: tf.Tensor;
        let dB: tf.Tensor;
        if (resetAfter) {
          dU = tf.matMul(rowsOf(HEs as tf.Tensor), flatT(dInnerAll, 3 * units)); // [U, T B] x [T B, 3U]
          dB = tf.sum(dInnerAll, [0, 2]); // [3U]
        } else {
          const dUzr = tf.matMul(rowsOf(HEs as tf.Tensor), flatT(dInnerAll, 2 * units)); // [U, 2U]
          const dUh = tf.matMul(rowsOf(HHs as tf.Tensor), flatT(tf.stack(dN), units)); // [U, U]
          dU = tf.concat([dUzr, dUh], 1);
          dB = tf.zeros([3 * units]);
        }
        return [tf.stack(dps), dU, dB, dh];
      },
    };
  });
  const packed = op(tf.transpose(projected, [1, 2, 0]), kernel, bias, tf.transpose(h0)); // [B, T, 3U] -> [T, 3U, B]; out [T + 1, U, B]
  const steps = sequence ? time : 1;
  // Slices along time (the leading axis) are contiguous copies; slicing the batch-major transpose
  // instead is an element-by-element copy on the cpu backend.
  return {
    outputs: tf.transpose(packed.slice([0, 0, 0], [steps, -1, -1]), [2, 0, 1]), // [steps, U, B] -> [B, steps, U]
    states: [tf.transpose(tf.squeeze(packed.slice([steps, 0, 0], [1, -1, -1]), [0]))], // [U, B] -> [B, U]
  };
}
