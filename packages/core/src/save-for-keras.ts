import * as tf from '@tensorflow/tfjs';
import { SeqError } from './seq-error.js';
import { type ToKerasOptions, toKerasTopology } from './to-keras-topology.js';

/**
 * Saves a model for Keras: the `model.json` and weights `model.save` writes, with the topology
 * of {@link toKerasTopology} (seq's layers under Keras' class names and configs, call nodes in
 * the chosen Keras' form). Keras reads it as it reads a model converted by `tensorflowjs_converter`
 * (the guide "Coming from Keras" shows how, and which seq layers export); `loadKerasModel` loads it
 * back. Weights keep tfjs' names (`gru/kernel`), which Keras' loaders match to its own
 * (`gru/gru_cell/kernel`). Nothing is written when a layer cannot be exported.
 *
 * @param model - A built `tf.LayersModel`.
 * @param destination - A `tf.io` IOHandler (in Node, `fileSystem(folder)` from `@seq/core/node`)
 *   or a URL a registered save handler takes (`file://`, `indexeddb://`, `downloads://`).
 * @param options - Which Keras to write for (3 by default).
 * @throws {@link SeqError} for a layer Keras has no class for, or a destination no handler takes.
 * @example
 * ```ts
 * import { fileSystem } from '@seq/core/node';
 * await saveForKeras(model, fileSystem('./for-keras')); // then read it in Python, see the guide
 * ```
 */
export async function saveForKeras(
  model: tf.LayersModel,
  destination: string | tf.io.IOHandler,
  options: ToKerasOptions = {},
): Promise<tf.io.SaveResult> {
  const modelTopology = toKerasTopology(model, options);
  const handler = handlerOf(destination);
  const kerasVersion = options.kerasVersion ?? 3;
  return model.save({
    save: (artifacts) =>
      (handler.save as NonNullable<tf.io.IOHandler['save']>)({
        ...artifacts,
        modelTopology: modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
        convertedBy: `seq saveForKeras (Keras ${kerasVersion} format)`,
      }),
  });
}

function handlerOf(destination: string | tf.io.IOHandler): tf.io.IOHandler {
  if (
    destination !== null &&
    typeof destination === 'object' &&
    typeof destination.save === 'function'
  )
    return destination;
  if (typeof destination === 'string' && destination.length > 0) {
    const handlers = tf.io.getSaveHandlers(destination);
    if (handlers.length === 1) return handlers[0] as tf.io.IOHandler;
  }
  throw new SeqError({
    owner: 'saveForKeras',
    argument: 'destination',
    expected:
      "a tf.io IOHandler that saves (in Node, import '@seq/core/node' and pass fileSystem(folder)) or a URL a save handler takes",
    received: destination,
  });
}
