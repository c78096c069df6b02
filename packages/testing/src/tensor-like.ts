import * as tf from '@tensorflow/tfjs';

/** A tensor, a number, a typed array or (nested) arrays of numbers. */
export type TensorLike = tf.Tensor | number | ArrayLike<number> | ReadonlyArray<TensorLike>;

/** Flattens any {@link TensorLike} into its values and shape (`null` shape when unknown). */
export function flatten(value: TensorLike): { values: Float64Array; shape: number[] | null } {
  if (value instanceof tf.Tensor) {
    return { values: Float64Array.from(value.dataSync()), shape: value.shape };
  }
  if (typeof value === 'number') return { values: Float64Array.of(value), shape: [] };
  if (ArrayBuffer.isView(value))
    return {
      values: Float64Array.from(value as ArrayLike<number>),
      shape: [(value as ArrayLike<number>).length],
    };
  const out: number[] = [];
  const shape: number[] = [];
  let consistent = true;
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'number') {
      if (shape.length !== depth) consistent = false;
      out.push(v);
      return;
    }
    const items = Array.from(v as ArrayLike<unknown>);
    if (shape.length === depth) shape.push(items.length);
    else if (shape[depth] !== items.length) consistent = false;
    for (const item of items) walk(item, depth + 1);
  };
  walk(value, 0);
  return { values: Float64Array.from(out), shape: consistent ? shape : null };
}
