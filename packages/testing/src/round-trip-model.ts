import * as tf from '@tensorflow/tfjs';

/**
 * Saves a model through `tf.io` (to memory) and loads it back: what a test does to check that a
 * model with seq's layers saves and loads with its weights.
 *
 * @example
 * ```ts
 * const loaded = await roundTripModel(model);
 * expectTensorsClose(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor);
 * ```
 */
export async function roundTripModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
}
