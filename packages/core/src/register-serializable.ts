import * as tf from '@tensorflow/tfjs';
import { SeqError } from './seq-error.js';

/** A class tfjs can serialize: a static `className` and `fromConfig`, as `tf.serialization` wants. */
export type SerializableClass =
  tf.serialization.SerializableConstructor<tf.serialization.Serializable>;

/**
 * Registers a serializable class (a layer, initializer, constraint...) with tfjs, so that saved
 * models that use it load again. seq's own classes use names prefixed with `seq.`
 * (`seq.GRU`), so they never collide with tfjs' own (`GRU`).
 *
 * Registration is idempotent: registering the same class again does nothing. A different class
 * under a name that is already taken, by tfjs or by another package, is an error, because tfjs
 * would otherwise silently replace the first one and saved models would load the wrong class.
 *
 * @param cls - The class; its static `className` is the name it is saved and loaded under.
 * @returns `cls`, so that it can be used as an expression.
 * @throws {@link SeqError} when `className` is missing or already taken by another class.
 * @example
 * ```ts
 * class Scale extends tf.layers.Layer {
 *   static className = 'seq.Scale';
 *   // ...
 * }
 * registerSerializable(Scale);
 * registerSerializable(Scale); // no-op
 * ```
 */
export function registerSerializable<C extends SerializableClass>(cls: C): C {
  const name: unknown = (cls as { className?: unknown }).className;
  if (typeof name !== 'string' || name.length === 0) {
    throw new SeqError({
      owner: 'registerSerializable',
      argument: 'cls.className',
      expected: 'a non-empty string (the name the class is saved under)',
      received: name,
    });
  }
  const registered = tf.serialization.SerializationMap.getMap().classNameMap[name];
  if (registered !== undefined) {
    if (registered[0] === cls) return cls;
    throw new SeqError({
      owner: 'registerSerializable',
      argument: 'cls.className',
      expected: 'a name no other class is registered under (is a second copy of a package loaded?)',
      received: name,
      receivedDescription: `"${name}", already registered by ${registered[0].name || 'another class'}`,
    });
  }
  tf.serialization.registerClass(cls);
  return cls;
}
