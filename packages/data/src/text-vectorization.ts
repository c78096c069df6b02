import { assertBoolean, assertOneOf, registerSerializable, SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { escapeConfigString, snakeCaseMode, unescapeConfigString } from './config-strings.js';
import {
  resolveNgramWidths,
  SPLIT_MODES,
  type SplitMode,
  splitText,
  ngrams as toNgrams,
} from './split-text.js';
import {
  type LowercaseMode,
  STANDARDIZE_MODES,
  type StandardizeMode,
  standardizeText,
} from './standardize-text.js';
import { readTexts, type TextSource } from './text-source.js';
import { TokenCounter } from './token-counter.js';

const OWNER = 'TextVectorization';
const MASK = '';
const OOV = '[UNK]';

/** What {@link TextVectorization} outputs per text, as Keras' `output_mode`. */
export type TextOutputMode = 'int' | 'multi_hot' | 'count' | 'tf_idf';

const OUTPUT_MODES = ['int', 'multi_hot', 'count', 'tf_idf'] as const;

/** Constructor arguments of {@link TextVectorization}: Keras' names in camelCase. */
export interface TextVectorizationArgs {
  /**
   * Largest vocabulary, the reserved slots included (in `'int'` mode the padding `""` at 0 and
   * the OOV token `[UNK]` at 1; in the other modes `[UNK]` at 0). `null`: no limit.
   * @defaultValue `null`
   */
  maxTokens?: number | null;
  /**
   * `'lower_and_strip_punctuation'`, `'lower'`, `'strip_punctuation'`, `null` (none), or a
   * function of one text (which cannot be saved in a model).
   * @defaultValue `'lower_and_strip_punctuation'`
   */
  standardize?: StandardizeMode | ((text: string) => string);
  /**
   * `'whitespace'`, `'character'` (by code point), `null` (the whole text is one token), or a
   * function from a text to its tokens (which cannot be saved in a model).
   * @defaultValue `'whitespace'`
   */
  split?: SplitMode | ((text: string) => string[]);
  /** `n` for n-grams of widths `1..n`, a list of widths, or `null`. @defaultValue `null` */
  ngrams?: number | number[] | null;
  /** @defaultValue `'int'` */
  outputMode?: TextOutputMode;
  /**
   * In `'int'` mode, pad with 0 or truncate at the end to this many tokens; `null` pads each batch
   * to its longest text.
   * @defaultValue `null`
   */
  outputSequenceLength?: number | null;
  /**
   * In `'multi_hot'`, `'count'` and `'tf_idf'` modes, make the output `maxTokens` wide even when
   * the vocabulary is smaller.
   * @defaultValue `false`
   */
  padToMaxTokens?: boolean;
  /**
   * A vocabulary to use instead of `adapt`: tokens, optionally starting with the reserved tokens
   * (`""`, `"[UNK]"` in `'int'` mode; `"[UNK]"` otherwise), as `getVocabulary()` returns it.
   * @defaultValue `null`
   */
  vocabulary?: string[] | null;
  /** IDF weights for `vocabulary`, required in `'tf_idf'` mode, one per vocabulary entry. @defaultValue `null` */
  idfWeights?: number[] | null;
  /**
   * How `standardize` lowercases: `'ascii'` as TensorFlow (only `A`-`Z`, the same ids as a Keras
   * model), or `'unicode'` (JavaScript's `toLowerCase`: every script). Not a Keras argument.
   * @defaultValue `'ascii'`
   */
  lowercase?: LowercaseMode;
  /** Layer name. */
  name?: string;
}

/** Options for {@link TextVectorization.getVocabulary}. */
export interface GetVocabularyOptions {
  /** Whether to include the padding and OOV tokens, so that a token's position is its id. @defaultValue `true` */
  includeSpecialTokens?: boolean;
}

/**
 * Keras' `TextVectorization`: turns raw strings into token ids (`'int'`) or into per-text
 * vectors (`'multi_hot'`, `'count'`, `'tf_idf'`), with a vocabulary learnt by {@link adapt} or
 * given. It is a tfjs layer, so a model can start with it and take raw strings (a string input
 * `tf.input({ shape: [1], dtype: 'string' })`), and its vocabulary is saved in the model's config;
 * it is also usable on its own: {@link vectorize} and {@link tokenize}.
 *
 * Each text is standardized ({@link standardizeText}), split ({@link splitText}), turned into
 * n-grams ({@link ngrams}) and looked up. Vocabulary order is Keras': the reserved tokens, then
 * tokens by descending count, ties in descending (code point) order; tokens never seen map to
 * `[UNK]`. Where JavaScript and TensorFlow's string ops differ, seq follows TensorFlow by default:
 * ASCII-only lowercasing (`lowercase: 'unicode'` to lowercase every script) and splitting on ASCII
 * whitespace only.
 *
 * Shapes: input `[batch]` or `[batch, 1]` strings; output `[batch, sequenceLength]` int32 in
 * `'int'` mode, else `[batch, vocabularySize]` float32 (`maxTokens` with `padToMaxTokens`).
 *
 * @throws {@link @seq/core!index.SeqError} for invalid arguments, an empty corpus, or a call
 *   before the vocabulary is known.
 * @example
 * ```ts
 * const vectorizer = new TextVectorization({ maxTokens: 10, outputSequenceLength: 4 });
 * await vectorizer.adapt(['the cat sat', 'the dog']);
 * vectorizer.getVocabulary(); // ['', '[UNK]', 'the', 'sat', 'dog', 'cat']
 * vectorizer.vectorize(['the bird sat']).arraySync(); // [[2, 1, 3, 0]]
 * ```
 */
export class TextVectorization extends tf.layers.Layer {
  /** @internal */
  static className = 'seq.TextVectorization';
  /** `null` or the largest vocabulary, reserved slots included. */
  readonly maxTokens: number | null;
  /** The standardization step. */
  readonly standardize: StandardizeMode | ((text: string) => string);
  /** The split step. */
  readonly split: SplitMode | ((text: string) => string[]);
  /** The n-gram widths, or `null`. */
  readonly ngramWidths: number[] | null;
  /** The output mode. */
  readonly outputMode: TextOutputMode;
  /** Output length in `'int'` mode, or `null`. */
  readonly outputSequenceLength: number | null;
  /** Whether non-int outputs are `maxTokens` wide. */
  readonly padToMaxTokens: boolean;
  /** How letters are lowercased. */
  readonly lowercase: LowercaseMode;
  private readonly ngramsArg: number | number[] | null;
  private vocabulary: string[] | null = null;
  private index = new Map<string, number>();
  private idf: Float32Array | null = null;

  constructor(args: TextVectorizationArgs = {}) {
    if (typeof args !== 'object' || args === null) {
      throw new SeqError({ owner: OWNER, argument: 'args', expected: 'an object', received: args });
    }
    super({ name: args.name, trainable: false });
    // A config tfjs has loaded spells modes in camelCase ('multiHot'): Keras' names are snake_case.
    this.outputMode = assertOneOf(
      OWNER,
      'outputMode',
      snakeCaseMode(args.outputMode ?? 'int'),
      OUTPUT_MODES,
    );
    const maxTokens = args.maxTokens ?? null;
    if (maxTokens !== null && !(Number.isInteger(maxTokens) && maxTokens > 1)) {
      throw new SeqError({
        owner: OWNER,
        argument: 'maxTokens',
        expected: `null or an integer of at least 2 (it counts the reserved ${
          this.outputMode === 'int' ? 'padding and OOV slots' : 'OOV slot'
        })`,
        received: maxTokens,
      });
    }
    this.maxTokens = maxTokens;
    const standardize =
      args.standardize === undefined
        ? 'lower_and_strip_punctuation'
        : snakeCaseMode(args.standardize);
    if (typeof standardize !== 'function') {
      assertOneOf(OWNER, 'standardize', standardize, STANDARDIZE_MODES);
    }
    this.standardize = standardize;
    const split = args.split === undefined ? 'whitespace' : args.split;
    if (typeof split !== 'function') assertOneOf(OWNER, 'split', split, SPLIT_MODES);
    this.split = split;
    this.ngramsArg = args.ngrams ?? null;
    this.ngramWidths =
      this.ngramsArg === null ? null : resolveNgramWidths(OWNER, 'ngrams', this.ngramsArg);
    const length = args.outputSequenceLength ?? null;
    if (length !== null) {
      if (this.outputMode !== 'int') {
        throw new SeqError({
          owner: OWNER,
          argument: 'outputSequenceLength',
          expected: `null when outputMode is '${this.outputMode}' (it only applies to 'int')`,
          received: length,
        });
      }
      if (!(Number.isInteger(length) && length > 0)) {
        throw new SeqError({
          owner: OWNER,
          argument: 'outputSequenceLength',
          expected: 'null or a positive integer',
          received: length,
        });
      }
    }
    this.outputSequenceLength = length;
    this.padToMaxTokens = assertBoolean(OWNER, 'padToMaxTokens', args.padToMaxTokens ?? false);
    if (this.padToMaxTokens && maxTokens === null) {
      throw new SeqError({
        owner: OWNER,
        argument: 'maxTokens',
        expected: 'an integer when padToMaxTokens is true',
        received: maxTokens,
      });
    }
    this.lowercase = assertOneOf(OWNER, 'lowercase', args.lowercase ?? 'ascii', [
      'ascii',
      'unicode',
    ] as const);
    if (args.idfWeights != null && this.outputMode !== 'tf_idf') {
      throw new SeqError({
        owner: OWNER,
        argument: 'idfWeights',
        expected: "null unless outputMode is 'tf_idf'",
        received: args.idfWeights,
        receivedDescription: `${args.idfWeights.length} weights with outputMode '${this.outputMode}'`,
      });
    }
    if (args.vocabulary != null) this.setVocabulary(args.vocabulary, args.idfWeights ?? undefined);
  }

  /** The reserved tokens at the start of the vocabulary: `["", "[UNK]"]` in `'int'` mode, else `["[UNK]"]`. */
  private get reserved(): string[] {
    return this.outputMode === 'int' ? [MASK, OOV] : [OOV];
  }

  /**
   * Standardizes, splits and n-grams one text: the tokens it is looked up as.
   *
   * @throws {@link @seq/core!index.SeqError} for a non-string text, or a custom `standardize` or
   *   `split` that returns the wrong type.
   * @example
   * ```ts
   * new TextVectorization({ ngrams: 2 }).tokenize('The cat sat.'); // ['the', 'cat', 'sat', 'the cat', 'cat sat']
   * ```
   */
  tokenize(text: string): string[] {
    if (typeof text !== 'string') {
      throw new SeqError({
        owner: `${OWNER}.tokenize`,
        argument: 'text',
        expected: 'a string',
        received: text,
      });
    }
    let standardized: unknown;
    if (typeof this.standardize === 'function') {
      standardized = this.standardize(text);
      if (typeof standardized !== 'string') {
        throw new SeqError({
          owner: OWNER,
          argument: 'standardize',
          expected: 'a function that returns a string',
          received: standardized,
        });
      }
    } else {
      standardized = standardizeText(text, this.standardize, { lowercase: this.lowercase });
    }
    let tokens: unknown;
    if (typeof this.split === 'function') {
      tokens = this.split(standardized as string);
      if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string')) {
        throw new SeqError({
          owner: OWNER,
          argument: 'split',
          expected: 'a function that returns an array of strings',
          received: tokens,
        });
      }
    } else {
      tokens = splitText(standardized as string, this.split);
    }
    return this.ngramWidths ? toNgrams(tokens as string[], this.ngramWidths) : (tokens as string[]);
  }

  /**
   * Learns the vocabulary (and in `'tf_idf'` mode the IDF weights) from texts: an array or
   * iterable of strings, an async iterable, a `tf.data.Dataset` of strings or string tensors, or
   * a string tensor. Each text is a document. Arrays, iterables and tensors are read before
   * `adapt` returns; the promise is for datasets and async iterables (await it in any case).
   *
   * @throws {@link @seq/core!index.SeqError} for an empty corpus or non-string texts.
   */
  adapt(data: TextSource): Promise<void> {
    const counter = new TokenCounter(this.outputMode === 'tf_idf');
    let documents = 0;
    const finish = () => {
      if (documents === 0) {
        throw new SeqError({
          owner: `${OWNER}.adapt`,
          argument: 'data',
          expected: 'a corpus with at least one text',
          received: data,
          receivedDescription: 'no texts',
        });
      }
      const limit = this.maxTokens === null ? Infinity : this.maxTokens - this.reserved.length;
      const learned = counter.finalize([MASK, OOV], limit);
      let idf: number[] | null = null;
      if (learned.idfWeights) {
        // [UNK]'s document frequency is unknown after one pass: Keras gives it the mean weight.
        const weights = learned.idfWeights;
        const mean = weights.length ? weights.reduce((a, b) => a + b, 0) / weights.length : 0;
        idf = [mean, ...weights];
      }
      this.install([...this.reserved, ...learned.tokens], idf);
    };
    try {
      const pending = readTexts(`${OWNER}.adapt`, 'data', data, (text) => {
        counter.update(this.tokenize(text));
        documents++;
      });
      if (pending) return pending.then(finish);
      finish();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sets the vocabulary (and IDF weights in `'tf_idf'` mode) instead of {@link adapt}. The
   * vocabulary may start with the reserved tokens, as {@link getVocabulary} returns it; without
   * them, they are added (and the IDF weights get the mean weight for `[UNK]`, as Keras does).
   *
   * @throws {@link @seq/core!index.SeqError} for repeated tokens, a reserved token elsewhere than
   *   at the start, more than `maxTokens` tokens, or IDF weights missing or of the wrong length.
   */
  setVocabulary(vocabulary: readonly string[], idfWeights?: readonly number[]): void {
    const owner = `${OWNER}.setVocabulary`;
    if (!Array.isArray(vocabulary) || vocabulary.length === 0) {
      throw new SeqError({
        owner,
        argument: 'vocabulary',
        expected: 'a non-empty array of strings',
        received: vocabulary,
      });
    }
    vocabulary.forEach((token, i) => {
      if (typeof token !== 'string') {
        throw new SeqError({
          owner,
          argument: `vocabulary[${i}]`,
          expected: 'a string',
          received: token,
        });
      }
    });
    const reserved = this.reserved;
    const hasReserved = reserved.every((t, i) => vocabulary[i] === t);
    const tokens = hasReserved ? vocabulary.slice(reserved.length) : [...vocabulary];
    const seen = new Set<string>();
    tokens.forEach((token, i) => {
      const position = i + (hasReserved ? reserved.length : 0);
      // As Keras: the mask token "" may only open the vocabulary; "[UNK]" elsewhere is an
      // ordinary token (BERT-style vocabularies list it), looked up at its own position.
      if (token === MASK || seen.has(token)) {
        throw new SeqError({
          owner,
          argument: `vocabulary[${position}]`,
          expected: `a token that is not repeated and not the mask token "" (the reserved tokens may only open the vocabulary, in this order: ${reserved
            .map((t) => JSON.stringify(t))
            .join(', ')})`,
          received: token,
        });
      }
      seen.add(token);
    });
    const size = reserved.length + tokens.length;
    if (this.maxTokens !== null && size > this.maxTokens) {
      throw new SeqError({
        owner,
        argument: 'vocabulary',
        expected: `at most maxTokens = ${this.maxTokens} tokens, the reserved ones included`,
        received: vocabulary,
        receivedDescription: `${size} tokens`,
      });
    }
    let idf: number[] | null = null;
    if (this.outputMode === 'tf_idf') {
      if (
        !Array.isArray(idfWeights) ||
        idfWeights.length !== vocabulary.length ||
        !idfWeights.every((w) => typeof w === 'number' && Number.isFinite(w))
      ) {
        throw new SeqError({
          owner,
          argument: 'idfWeights',
          expected: `${vocabulary.length} finite numbers, one per vocabulary entry (required in 'tf_idf' mode)`,
          received: idfWeights,
        });
      }
      if (hasReserved) {
        idf = [...idfWeights];
      } else {
        const mean = idfWeights.reduce((a, b) => a + b, 0) / idfWeights.length;
        idf = [mean, ...idfWeights];
      }
    } else if (idfWeights !== undefined) {
      throw new SeqError({
        owner,
        argument: 'idfWeights',
        expected: "undefined unless outputMode is 'tf_idf'",
        received: idfWeights,
      });
    }
    this.install([...reserved, ...tokens], idf);
  }

  private install(vocabulary: string[], idf: number[] | null): void {
    this.vocabulary = vocabulary;
    this.index = new Map(vocabulary.map((t, i) => [t, i]));
    if (idf) {
      const width = this.outputWidth();
      const weights = new Float32Array(width);
      weights.set(idf.slice(0, width));
      this.idf = weights;
    } else {
      this.idf = null;
    }
  }

  /**
   * The vocabulary: a token's position is its id (with the reserved tokens included).
   *
   * @throws {@link @seq/core!index.SeqError} before `adapt` or `setVocabulary`.
   */
  getVocabulary(options: GetVocabularyOptions = {}): string[] {
    const vocabulary = this.requireVocabulary('getVocabulary');
    return options.includeSpecialTokens === false
      ? vocabulary.slice(this.reserved.length)
      : [...vocabulary];
  }

  /** Number of ids, reserved ones included; 0 before a vocabulary is set. */
  vocabularySize(): number {
    return this.vocabulary?.length ?? 0;
  }

  /** The IDF weights per output column in `'tf_idf'` mode, else `null`. */
  getIdfWeights(): number[] | null {
    return this.idf ? Array.from(this.idf) : null;
  }

  private requireVocabulary(method: string): string[] {
    if (this.vocabulary === null) {
      throw new SeqError({
        owner: `${OWNER}.${method}`,
        argument: 'vocabulary',
        expected: 'set first, by adapt(texts), setVocabulary(tokens) or the vocabulary argument',
        received: null,
        receivedDescription: 'no vocabulary',
      });
    }
    return this.vocabulary;
  }

  private outputWidth(): number {
    return this.padToMaxTokens && this.maxTokens !== null
      ? this.maxTokens
      : (this.vocabulary?.length ?? 0);
  }

  /** Ids of one text's tokens: unknown tokens get the OOV id. */
  private lookup(text: string): number[] {
    if (this.outputMode === 'int') return this.tokenize(text).map((t) => this.index.get(t) ?? 1);
    // Outside 'int' mode the mask token "" has no column: Keras drops it.
    return this.tokenize(text)
      .filter((t) => t !== MASK)
      .map((t) => this.index.get(t) ?? 0);
  }

  /**
   * Vectorizes texts without a model: the same output as calling the layer.
   *
   * @param texts - One text or an array of texts `[batch]`.
   * @returns int32 `[batch, sequenceLength]` in `'int'` mode; float32 `[batch, width]` otherwise.
   * @throws {@link @seq/core!index.SeqError} for non-string texts or before the vocabulary is set.
   */
  vectorize(texts: string | readonly string[]): tf.Tensor2D {
    const list = typeof texts === 'string' ? [texts] : texts;
    if (!Array.isArray(list)) {
      throw new SeqError({
        owner: `${OWNER}.vectorize`,
        argument: 'texts',
        expected: 'a string or an array of strings',
        received: texts,
      });
    }
    list.forEach((t, i) => {
      if (typeof t !== 'string') {
        throw new SeqError({
          owner: `${OWNER}.vectorize`,
          argument: `texts[${i}]`,
          expected: 'a string',
          received: t,
        });
      }
    });
    this.requireVocabulary('vectorize');
    const rows = list.map((t) => this.lookup(t));
    return this.outputMode === 'int' ? this.toIds(rows) : this.toCounts(rows);
  }

  private toIds(rows: number[][]): tf.Tensor2D {
    const length = this.outputSequenceLength ?? rows.reduce((m, r) => Math.max(m, r.length), 0);
    const values = new Int32Array(rows.length * length);
    rows.forEach((row, b) => {
      values.set(row.slice(0, length), b * length);
    });
    return tf.tensor2d(values, [rows.length, length], 'int32');
  }

  private toCounts(rows: number[][]): tf.Tensor2D {
    const width = this.outputWidth();
    const values = new Float32Array(rows.length * width);
    rows.forEach((row, b) => {
      const offset = b * width;
      for (const id of row) {
        if (this.outputMode === 'multi_hot') values[offset + id] = 1;
        else values[offset + id] = (values[offset + id] as number) + 1;
      }
      if (this.idf) {
        for (let j = 0; j < width; j++)
          values[offset + j] = (values[offset + j] as number) * (this.idf[j] as number);
      }
    });
    return tf.tensor2d(values, [rows.length, width], 'float32');
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const batch = shape[0] ?? null;
    if (this.outputMode === 'int') return [batch, this.outputSequenceLength];
    return [batch, this.vocabulary === null && !this.padToMaxTokens ? null : this.outputWidth()];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (
      !(input instanceof tf.Tensor) ||
      input.dtype !== 'string' ||
      !(input.rank === 1 || (input.rank === 2 && input.shape[1] === 1))
    ) {
      throw new SeqError({
        owner: OWNER,
        argument: 'inputs',
        expected: 'a string tensor of shape [batch] or [batch, 1]',
        received: input,
      });
    }
    return this.vectorize(input.dataSync() as unknown as string[]);
  }

  /** @internal Rebuilds a layer from {@link getConfig}'s output, as tfjs does on load. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { escapedVocabulary, ...args } = config as tf.serialization.ConfigDict & {
      escapedVocabulary?: string[] | null;
    };
    if (Array.isArray(escapedVocabulary))
      args.vocabulary = escapedVocabulary.map(unescapeConfigString);
    return new cls(args);
  }

  override getConfig(): tf.serialization.ConfigDict {
    for (const step of ['standardize', 'split'] as const) {
      if (typeof this[step] === 'function') {
        throw new SeqError({
          owner: `${OWNER}.getConfig`,
          argument: step,
          expected:
            'one of the named modes (or null) to save the layer: a function cannot be saved',
          received: this[step],
        });
      }
    }
    return {
      ...super.getConfig(),
      maxTokens: this.maxTokens,
      standardize: this.standardize as StandardizeMode,
      split: this.split as SplitMode,
      ngrams: this.ngramsArg,
      outputMode: this.outputMode,
      outputSequenceLength: this.outputSequenceLength,
      padToMaxTokens: this.padToMaxTokens,
      // Escaped, because tfjs rewrites config strings when it saves and loads (see fromConfig).
      vocabulary: null,
      escapedVocabulary: this.vocabulary ? this.vocabulary.map(escapeConfigString) : null,
      idfWeights:
        this.idf && this.vocabulary
          ? Array.from(this.idf.subarray(0, this.vocabulary.length))
          : null,
      lowercase: this.lowercase,
    };
  }
}
registerSerializable(TextVectorization);

/**
 * Creates a {@link TextVectorization} layer.
 * @example
 * ```ts
 * const vectorizer = textVectorization({ split: 'character', standardize: 'lower' });
 * ```
 */
export function textVectorization(args?: TextVectorizationArgs): TextVectorization {
  return new TextVectorization(args);
}
