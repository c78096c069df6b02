import { SeqError } from '@seq/core';
import * as tf from '@tensorflow/tfjs';
import { assertText } from './token-vocabulary.js';

/**
 * Texts to learn a vocabulary from: an array or iterable of strings, an async iterable of strings,
 * a `tf.data.Dataset` whose elements are strings, arrays of strings or string tensors, or a string
 * tensor.
 */
export type TextSource =
  | Iterable<string>
  | AsyncIterable<string>
  | tf.data.Dataset<string | string[] | tf.Tensor>
  | tf.Tensor;

function stringsOf(owner: string, argument: string, element: unknown, at: string): string[] {
  if (typeof element === 'string') return [element];
  if (element instanceof tf.Tensor) {
    if (element.dtype !== 'string') {
      throw new SeqError({
        owner,
        argument: `${argument}${at}`,
        expected: 'a string tensor',
        received: element,
      });
    }
    return element.dataSync() as unknown as string[];
  }
  if (Array.isArray(element)) {
    return element.flatMap((e, i) => stringsOf(owner, argument, e, `${at}[${i}]`));
  }
  throw new SeqError({
    owner,
    argument: `${argument}${at}`,
    expected: 'a string, an array of strings or a string tensor',
    received: element,
  });
}

/**
 * Calls `onText` for every text of a {@link TextSource}: synchronously for arrays, iterables and
 * tensors (returning `undefined`), else through the returned promise. Tensors a dataset yields
 * are disposed after reading; a tensor passed directly is left to its owner.
 * @internal
 */
export function readTexts(
  owner: string,
  argument: string,
  data: TextSource,
  onText: (text: string) => void,
): Promise<void> | undefined {
  if (typeof data === 'string') {
    onText(data);
    return;
  }
  if (data instanceof tf.Tensor) {
    for (const text of stringsOf(owner, argument, data, '')) onText(text);
    return;
  }
  if (data instanceof tf.data.Dataset) {
    let i = 0;
    return data.forEachAsync((element) => {
      try {
        for (const text of stringsOf(owner, argument, element, ` element ${i}`)) onText(text);
      } finally {
        tf.dispose(element as tf.TensorContainer);
      }
      i++;
    });
  }
  if (data != null && typeof (data as Iterable<string>)[Symbol.iterator] === 'function') {
    let i = 0;
    for (const text of data as Iterable<unknown>)
      onText(assertText(owner, `${argument}[${i++}]`, text));
    return;
  }
  if (data != null && typeof (data as AsyncIterable<string>)[Symbol.asyncIterator] === 'function') {
    return (async () => {
      let i = 0;
      for await (const text of data as AsyncIterable<unknown>) {
        onText(assertText(owner, `${argument}[${i++}]`, text));
      }
    })();
  }
  throw new SeqError({
    owner,
    argument,
    expected:
      'texts: an array or iterable of strings, an async iterable, a tf.data.Dataset or a string tensor',
    received: data,
  });
}
