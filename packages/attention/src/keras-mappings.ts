import {
  type KerasConfig,
  type KerasExportContext,
  registerKerasExport,
  registerKerasLayer,
} from '@seq/core';

/** Removes keys; a key whose value is set and differs from its only supported value refuses the layer. */
function only(config: KerasConfig, keys: Record<string, unknown>): KerasConfig | string {
  const out: KerasConfig = { ...config };
  for (const [key, supported] of Object.entries(keys)) {
    const value = out[key];
    if (
      supported !== undefined &&
      value !== undefined &&
      value !== null &&
      JSON.stringify(value) !== JSON.stringify(supported)
    ) {
      return `${key}=${JSON.stringify(value)} is not supported (only ${JSON.stringify(supported)})`;
    }
    delete out[key];
  }
  return out;
}

/** Training-only settings: not carried over (inference is unaffected). */
const TRAINING_ONLY = Object.fromEntries(
  [
    'kernel_regularizer',
    'bias_regularizer',
    'activity_regularizer',
    'kernel_constraint',
    'bias_constraint',
    'seed',
  ].map((k) => [k, undefined]),
);

/**
 * Keras' `MultiHeadAttention` (which tfjs does not provide) loads as seq's: called on `(query,
 * value, key)`, attention over the time axis (`attention_axes` `[1]` or unset), without Keras 3's
 * gate or sliding window. The shapes Keras 2 records (`query_shape`...) come from the graph instead.
 */
registerKerasLayer({
  kerasClassName: 'MultiHeadAttention',
  seqClassName: 'seq.MultiHeadAttention',
  inputs: ['query', 'value', 'key'],
  convertConfig: (config) =>
    only(config, {
      ...TRAINING_ONLY,
      attention_axes: [1],
      use_gate: false,
      sliding_window: null,
      query_shape: undefined,
      key_shape: undefined,
      value_shape: undefined,
      softmax_robust_masking: undefined,
    }),
});

/** Keras' `Attention` (Luong) loads as seq's, called on `[query, value]` or `[query, value, key]`. */
registerKerasLayer({
  kerasClassName: 'Attention',
  seqClassName: 'seq.Attention',
  convertConfig: (config) => only(config, { seed: undefined, causal: false }),
});

/** Keras' `AdditiveAttention` (Bahdanau) loads as seq's. */
registerKerasLayer({
  kerasClassName: 'AdditiveAttention',
  seqClassName: 'seq.AdditiveAttention',
  convertConfig: (config) => only(config, { seed: undefined, causal: false }),
});

// Export: the attention layers Keras has are written under its class names, `MultiHeadAttention`
// called as Keras calls it (`query` by position, `value` and `key` by keyword).
registerKerasExport({
  seqClassName: 'seq.MultiHeadAttention',
  kerasClassName: 'MultiHeadAttention',
  inputs: ['query', 'value', 'key'],
});
/** Keras 2's `Attention` and `AdditiveAttention` take no `seed` (of their dropout). */
function withoutKeras3Keys(config: KerasConfig, context: KerasExportContext): KerasConfig {
  if (context.kerasVersion === 3) return config;
  const { seed: _, ...rest } = config;
  return rest;
}

/**
 * `score_mode="dot"` is Keras' default and is left out: Keras' reader of converted models turns a
 * string that names one of its functions (`keras.ops.dot`) into that function, and then refuses it.
 */
registerKerasExport({
  seqClassName: 'seq.Attention',
  kerasClassName: 'Attention',
  toKerasConfig: ({ score_mode: scoreMode, ...rest }, context) =>
    withoutKeras3Keys(scoreMode === 'dot' ? rest : { ...rest, score_mode: scoreMode }, context),
});
registerKerasExport({
  seqClassName: 'seq.AdditiveAttention',
  kerasClassName: 'AdditiveAttention',
  toKerasConfig: withoutKeras3Keys,
});
