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
  const ragged = () => new Error('flatten: nested arrays must be rectangular (not ragged)');
  // Walks nested arrays; a tensor or typed array inside counts as its values with its shape.
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'number') {
      if (shape.length !== depth) throw ragged();
      out.push(v);
      return;
    }
    if (v instanceof tf.Tensor || ArrayBuffer.isView(v)) {
      const inner = flatten(v as TensorLike);
      const innerShape = inner.shape ?? [];
      if (shape.length === depth) shape.push(...innerShape);
      if (
        innerShape.some((d, i) => shape[depth + i] !== d) ||
        shape.length !== depth + innerShape.length
      )
        throw ragged();
      out.push(...inner.values);
      return;
    }
    const items = Array.from(v as ArrayLike<unknown>);
    if (shape.length === depth) shape.push(items.length);
    else if (shape[depth] !== items.length) throw ragged();
    for (const item of items) walk(item, depth + 1);
  };
  walk(value, 0);
  return { values: Float64Array.from(out), shape };
}
