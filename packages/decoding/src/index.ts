/**
 * Decoding for sequence models: greedy search, beam search and sampling (temperature, top-k,
 * top-p, repetition penalty, n-gram bans, composable logits processors) over any model given as
 * a step function `next(tokens, state) -> {logits, state}`; adapters that build one from a
 * recurrent model or from any model by re-feeding; and the metrics that judge the output (BLEU,
 * chrF, perplexity).
 *
 * @packageDocumentation
 */
export {
  type BeamSearchOptions,
  type BeamSearchResult,
  beamSearch,
  type Hypothesis,
} from './beam-search.js';
export {
  type BleuOptions,
  type BleuSentence,
  type BleuSmoothing,
  corpusBleu,
  sentenceBleu,
} from './bleu.js';
export { type ChrFOptions, chrF, sentenceChrF } from './chrf.js';
export type { TokenCallback } from './decode-loop.js';
export type {
  FinishReason,
  GenerationOptions,
  GenerationResult,
  Prompts,
} from './generation-options.js';
export { type GreedySearchOptions, greedySearch } from './greedy-search.js';
export type { LogitsContext, LogitsProcessor } from './logits-processor.js';
export { minLengthProcessor } from './min-length-processor.js';
export type { ModelOutput } from './model-output.js';
export { noRepeatNgramProcessor } from './no-repeat-ngram-processor.js';
export { type PerplexityOptions, perplexity } from './perplexity.js';
export { type PrefixState, type PrefixStepperOptions, prefixStepper } from './prefix-stepper.js';
export {
  type RecurrentState,
  type RecurrentStepperOptions,
  recurrentStepper,
} from './recurrent-stepper.js';
export { repetitionPenaltyProcessor } from './repetition-penalty-processor.js';
export { type RandomSource, type SampleOptions, sample } from './sample.js';
export type { StepFunction, StepResult } from './step-function.js';
export { temperatureProcessor } from './temperature-processor.js';
export { type SamplingFilters, tokenDistribution } from './token-distribution.js';
export { topKProcessor } from './top-k-processor.js';
export { topPProcessor } from './top-p-processor.js';
