import { globalMap } from './global-map.js';
import type { KerasConfig } from './keras-layer-mapping.js';
import { SeqError } from './seq-error.js';

/** The Keras whose format {@link toKerasTopology} writes: 3 (the default) or 2.x (tf.keras, tf-keras). */
export type KerasVersion = 2 | 3;

/** What a mapping's `toKerasConfig` knows besides the layer's config. */
export interface KerasExportContext {
  /** The Keras whose format is being written. */
  kerasVersion: KerasVersion;
}

/**
 * How a seq layer class is written for Keras: what {@link registerKerasExport} takes. Each seq
 * package registers the layers it has that Keras has too, when it is imported.
 */
export interface KerasExportMapping {
  /** The seq class (`seq.GRU`), as tfjs' `model.save` names it. */
  seqClassName: string;
  /**
   * The Keras class name to write (`GRU`); a function for classes Keras registers under a
   * package's name (`keras_hub>TransformerEncoder` for Keras 3, `keras_nlp>TransformerEncoder`
   * for Keras 2).
   */
  kerasClassName: string | ((context: KerasExportContext) => string);
  /**
   * Turns the saved seq config (snake_case, as `model.save` writes it) into the Keras layer's.
   * Return a string instead to refuse the layer: it says what Keras lacks (`"cell
   * seq.LayerNormLSTMCell has no Keras class"`). @defaultValue the config unchanged
   */
  toKerasConfig?: (config: KerasConfig, context: KerasExportContext) => KerasConfig | string;
  /**
   * The call arguments of the Keras layer, in the order the seq layer takes its list input
   * (`['query', 'value', 'key']`): the first is passed by position, the others by keyword, as
   * Keras writes them. @defaultValue every input by position
   */
  inputs?: readonly string[];
}

const registry = () => globalMap<KerasExportMapping>('@seq/core.kerasExportMappings');

/**
 * Registers how a seq layer class is written for Keras, for {@link toKerasTopology} and
 * `saveForKeras`. Registering the same seq class again replaces the mapping.
 *
 * @throws {@link SeqError} when `seqClassName` is not a non-empty string or `kerasClassName` is
 *   neither a non-empty string nor a function.
 * @example
 * ```ts
 * registerKerasExport({ seqClassName: 'seq.GRU', kerasClassName: 'GRU' });
 * ```
 */
export function registerKerasExport(mapping: KerasExportMapping): void {
  const seqClassName = mapping?.seqClassName;
  if (typeof seqClassName !== 'string' || seqClassName.length === 0) {
    throw new SeqError({
      owner: 'registerKerasExport',
      argument: 'mapping.seqClassName',
      expected: 'a non-empty class name',
      received: seqClassName,
    });
  }
  const keras = mapping.kerasClassName;
  if (!((typeof keras === 'string' && keras.length > 0) || typeof keras === 'function')) {
    throw new SeqError({
      owner: 'registerKerasExport',
      argument: 'mapping.kerasClassName',
      expected: 'a non-empty class name or a function of the Keras version',
      received: keras,
    });
  }
  registry().set(seqClassName, mapping);
}

/** The export mapping of a seq class, if one is registered. */
export function kerasExportMapping(seqClassName: string): KerasExportMapping | undefined {
  return registry().get(seqClassName);
}

/**
 * Every registered export mapping: the seq layers that can be written for Keras, once the
 * packages that register them are imported.
 *
 * @example
 * ```ts
 * import '@seq/layers';
 * console.log(kerasExportMappings().map((m) => m.seqClassName)); // ['seq.GRU', 'seq.LSTM', ...]
 * ```
 */
export function kerasExportMappings(): KerasExportMapping[] {
  return [...registry().values()];
}
