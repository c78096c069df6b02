import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';

/** A tfjs initializer object, as `tf.initializers.glorotUniform({})` makes. */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/**
 * An initializer as a layer argument: a name (`'glorotUniform'`, or Keras' `'glorot_uniform'`), a
 * serialized initializer (`{className: 'Orthogonal', config: {gain: 1}}`, as in a saved config), or
 * an initializer object (`tf.initializers.heNormal({seed: 1})`).
 */
export type InitializerIdentifier = string | SerializedInitializer | Initializer;

/** An initializer as a saved config holds it. */
export interface SerializedInitializer {
  /** Its registered class, e.g. `'Orthogonal'`. */
  className: string;
  /** Its arguments, e.g. `{gain: 1}`. */
  config?: Record<string, unknown>;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Resolves an {@link InitializerIdentifier} to an initializer, for layers that take Keras-style
 * initializer arguments.
 *
 * @param owner - The layer named in error messages.
 * @param argument - The argument named in error messages.
 * @throws {@link @seq/core!index.SeqError} for an unknown name or class.
 * @example
 * ```ts
 * const init = getInitializer('MyLayer', 'kernelInitializer', 'glorot_uniform');
 * ```
 */
export function getInitializer(
  owner: string,
  argument: string,
  id: InitializerIdentifier,
): Initializer {
  if (id instanceof tf.serialization.Serializable) return id as Initializer;
  const known = Object.keys(tf.initializers).filter(
    (k) => typeof (tf.initializers as Record<string, unknown>)[k] === 'function',
  );
  if (typeof id === 'string') {
    const factory = (tf.initializers as Record<string, unknown>)[camel(id)];
    if (typeof factory !== 'function') {
      throw new SeqError({
        owner,
        argument,
        expected: `an initializer name (${known.join(', ')}) or object`,
        received: id,
      });
    }
    return (factory as (args: object) => Initializer)({});
  }
  const entry =
    id && typeof id === 'object'
      ? tf.serialization.SerializationMap.getMap().classNameMap[id.className]
      : undefined;
  if (!entry) {
    throw new SeqError({
      owner,
      argument,
      expected:
        'an initializer name, {className, config} of a registered initializer, or an initializer object',
      received: id,
    });
  }
  const [cls, fromConfig] = entry;
  return fromConfig(cls, (id.config ?? {}) as tf.serialization.ConfigDict) as Initializer;
}

/** What {@link serializeInitializer} returns: a config value tfjs can save. */
export interface SavedInitializer extends tf.serialization.ConfigDict {
  /** The initializer's registered class, e.g. `'VarianceScaling'`. */
  className: string;
  /** Its arguments. */
  config: tf.serialization.ConfigDict;
}

/**
 * An initializer as it is saved in a config: `{className, config}`, Keras' form (what
 * {@link getInitializer} reads back).
 * @example
 * ```ts
 * serializeInitializer(tf.initializers.zeros()); // { className: 'Zeros', config: {} }
 * ```
 */
export function serializeInitializer(init: Initializer): SavedInitializer {
  return { className: init.getClassName(), config: init.getConfig() };
}
