const MAX_ITEMS = 8;
const MAX_STRING = 60;

/** Something with a shape: a `tf.Tensor`, a `tf.SymbolicTensor` or a shape-like object. */
interface Shaped {
  shape: ReadonlyArray<number | null>;
  dtype?: unknown;
}

function isShaped(value: object): value is Shaped {
  return Array.isArray((value as { shape?: unknown }).shape);
}

/**
 * Formats a shape the way seq's messages and docs write it: `[2, 5, *]` (`*` for an unknown size).
 *
 * @example
 * ```ts
 * formatShape([2, null, 8]); // '[2, *, 8]'
 * ```
 */
export function formatShape(shape: ReadonlyArray<number | null | undefined>): string {
  return `[${shape.map((d) => (d == null ? '*' : String(d))).join(', ')}]`;
}

/**
 * Describes a received value for an error message, briefly and without printing large data:
 * `0`, `"relu"`, `[1, 2]`, `a float32 tensor of shape [2, 5]`, `an array of 1000 items`.
 *
 * @example
 * ```ts
 * describeValue(0); // '0'
 * describeValue('tanh'); // '"tanh"'
 * describeValue(tf.zeros([2, 3])); // 'a float32 tensor of shape [2, 3]'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'string':
      return JSON.stringify(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}...` : value);
    case 'function':
      return 'a function';
    case 'symbol':
      return value.toString();
  }
  const object = value as object;
  if (Array.isArray(object)) {
    if (object.length <= MAX_ITEMS && object.every((v) => v == null || typeof v !== 'object')) {
      return `[${object.map((v) => describeValue(v)).join(', ')}]`;
    }
    return `an array of ${object.length} items`;
  }
  if (ArrayBuffer.isView(object)) {
    return `a ${object.constructor.name} of ${(object as unknown as ArrayLike<unknown>).length ?? object.byteLength} items`;
  }
  if (isShaped(object)) {
    const dtype = typeof object.dtype === 'string' ? `${object.dtype} ` : '';
    return `${dtype.startsWith('i') ? 'an' : 'a'} ${dtype}tensor of shape ${formatShape(object.shape)}`;
  }
  const name = object.constructor?.name;
  return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
}
