import {
  type KerasConfig,
  type KerasLayerMapping,
  registerKerasExport,
  registerKerasLayer,
} from '@seq/core';

function drop(config: KerasConfig, keys: string[]): KerasConfig {
  const out: KerasConfig = { ...config };
  for (const key of keys) delete out[key];
  return out;
}

/**
 * keras-hub's (formerly keras-nlp's) layers load as seq's, which keep their configs and weight
 * names; registered under the plain class name and under the registered names Keras writes
 * (`keras_hub>TransformerEncoder`, `keras_nlp>TransformerEncoder`).
 */
function register(mapping: KerasLayerMapping): void {
  for (const prefix of ['', 'keras_hub>', 'keras_nlp>']) {
    registerKerasLayer({ ...mapping, kerasClassName: `${prefix}${mapping.kerasClassName}` });
  }
}

register({ kerasClassName: 'TransformerEncoder', seqClassName: 'seq.TransformerEncoder' });
register({
  kerasClassName: 'TransformerDecoder',
  seqClassName: 'seq.TransformerDecoder',
  inputs: ['decoder_sequence', 'encoder_sequence'],
  // The shapes keras-hub records come from the graph here.
  convertConfig: (config) => drop(config, ['decoder_sequence_shape', 'encoder_sequence_shape']),
});
register({ kerasClassName: 'SinePositionEncoding', seqClassName: 'seq.SinePositionEncoding' });
register({
  kerasClassName: 'PositionEmbedding',
  seqClassName: 'seq.PositionEmbedding',
  convertConfig: (config) =>
    config.hierarchical_alpha !== undefined && config.hierarchical_alpha !== 0.4
      ? `hierarchical_alpha=${JSON.stringify(config.hierarchical_alpha)} is not supported`
      : drop(config, ['hierarchical_alpha']),
});
register({
  kerasClassName: 'TokenAndPositionEmbedding',
  seqClassName: 'seq.TokenAndPositionEmbedding',
  convertConfig: (config) => drop(config, ['tie_weights', 'reversible_embedding']),
});

// Export: written under the names Keras registers them by, keras-hub's for Keras 3 and
// keras-nlp's for Keras 2 (the packages to install there), with keras-hub's call arguments.
const HUB_INPUTS: Record<string, readonly string[]> = {
  TransformerDecoder: ['decoder_sequence', 'encoder_sequence'],
};
for (const name of [
  'TransformerEncoder',
  'TransformerDecoder',
  'SinePositionEncoding',
  'PositionEmbedding',
  'TokenAndPositionEmbedding',
]) {
  registerKerasExport({
    seqClassName: `seq.${name}`,
    kerasClassName: ({ kerasVersion }) =>
      `${kerasVersion === 2 ? 'keras_nlp' : 'keras_hub'}>${name}`,
    ...(HUB_INPUTS[name] ? { inputs: HUB_INPUTS[name] } : {}),
    // seq's dropout seed: keras-hub's layers take none (a Keras layer refuses unknown settings).
    toKerasConfig: (config) => drop(config, ['seed']),
  });
}
