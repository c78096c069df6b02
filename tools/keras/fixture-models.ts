/** The models of `tools/keras/fixtures/{keras2,keras3}` (see the README there). */
export const FIXTURE_MODELS = [
  'gru',
  'conv1d',
  'mixed',
  'multi_head_attention',
  'attention',
  'transformer_encoder',
  'masked_lstm',
] as const;
