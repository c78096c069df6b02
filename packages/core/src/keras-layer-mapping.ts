import { globalMap } from './global-map.js';
import { SeqError } from './seq-error.js';

/** A layer's config as it appears in a Keras `model.json`: snake_case keys, JSON values. */
export type KerasConfig = Record<string, unknown>;

/** What a mapping's `convertConfig` knows of the file besides the layer's config. */
export interface KerasContext {
  /** The Keras version that wrote the model (`"2.15.0"`, `"3.15.1"`), when the file says. */
  kerasVersion: string | null;
}

/**
 * How a Keras layer class loads as a seq layer: what {@link registerKerasLayer} takes. Each seq
 * package registers the mappings of its layers when it is imported (`@seq/layers` maps `GRU` and
 * `Conv1D`, `@seq/attention` the attention layers, `@seq/transformer` keras-hub's blocks...).
 */
export interface KerasLayerMapping {
  /**
   * The Keras class name as `model.json` writes it (`GRU`), or a registered name
   * (`keras_hub>TransformerEncoder`, `keras_nlp>TransformerEncoder`).
   */
  kerasClassName: string;
  /** The seq class it loads as (`seq.GRU`), registered with tfjs. */
  seqClassName: string;
  /**
   * Turns the Keras config into the seq layer's (both snake_case: tfjs turns the keys into
   * camelCase before `fromConfig`), dropping what does not apply. Return a string instead to
   * refuse the layer: it says what is missing (`"time_major=true is not supported"`); or `null` to
   * leave this layer to tfjs' own class of the same name, where that computes what Keras did (an
   * LSTM with Keras 2's hard sigmoid). @defaultValue the config unchanged
   */
  convertConfig?: (config: KerasConfig, context: KerasContext) => KerasConfig | string | null;
  /**
   * The call arguments that are tensors, in the order the seq layer takes them as a list input
   * (`['query', 'value', 'key']` for `MultiHeadAttention`): tensors Keras passes by keyword are
   * appended in this order. @defaultValue only the positional tensors
   */
  inputs?: readonly string[];
}

const registry = () => globalMap<KerasLayerMapping>('@seq/core.kerasLayerMappings');

/**
 * Registers how a Keras layer class loads as a seq layer, for `loadKerasModel`. Registering the
 * same Keras class again replaces the mapping (the last copy of a package wins, as its classes are
 * the same).
 *
 * @throws {@link SeqError} when the names are not non-empty strings.
 * @example
 * ```ts
 * registerKerasLayer({ kerasClassName: 'GRU', seqClassName: 'seq.GRU' });
 * ```
 */
export function registerKerasLayer(mapping: KerasLayerMapping): void {
  for (const key of ['kerasClassName', 'seqClassName'] as const) {
    const value = mapping?.[key];
    if (typeof value !== 'string' || value.length === 0) {
      throw new SeqError({
        owner: 'registerKerasLayer',
        argument: `mapping.${key}`,
        expected: 'a non-empty class name',
        received: value,
      });
    }
  }
  registry().set(mapping.kerasClassName, mapping);
}

/** The mapping of a Keras class (by class name, or by registered name), if one is registered. */
export function kerasLayerMapping(
  className: string,
  registeredName?: string | null,
): KerasLayerMapping | undefined {
  const map = registry();
  return (registeredName ? map.get(registeredName) : undefined) ?? map.get(className);
}

/**
 * Every registered mapping (for error messages and docs).
 *
 * @example
 * ```ts
 * import '@seq/layers'; // registers GRU, LSTM, SimpleRNN, Conv1D...
 * console.log(kerasLayerMappings().map((m) => `${m.kerasClassName} -> ${m.seqClassName}`));
 * ```
 */
export function kerasLayerMappings(): KerasLayerMapping[] {
  return [...registry().values()];
}
