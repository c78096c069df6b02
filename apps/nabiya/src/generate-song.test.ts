import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { accuracy, generateSong, predictWindows } from './generate-song.js';
import { encodeNotes, NABIYA } from './melody.js';
import { buildModel } from './nabiya-model.js';
import { notePredictor } from './note-predictor.js';
import { noteWindows } from './note-windows.js';

describe('generateSong', () => {
  it('feeds each prediction back: a predictor that knows the song plays it back whole', () => {
    const song = encodeNotes(NABIYA);
    // Windows of 8 notes never recur with another next note in this melody.
    const table = new Map(noteWindows(song, 8).map((row) => [row.slice(0, 8).join(), row[8]]));
    const seen: number[][] = [];
    const generated = generateSong(
      (window) => {
        seen.push([...window]);
        return table.get(window.join()) ?? -1;
      },
      song.slice(0, 8),
      song.length,
      8,
    );
    expect(generated).toEqual(song);
    expect(seen).toHaveLength(46);
    expect(seen[1]).toEqual(song.slice(1, 9));
  });

  it('stops at the length and checks the seed', () => {
    const counter = generateSong((w) => (w.at(-1) as number) + 1, [0, 1], 6, 2);
    expect(counter).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => generateSong(() => 0, [1], 5, 2)).toThrow('the seed needs at least 2 notes');
  });

  it('predicts each training window from the true notes and scores it', () => {
    const rows = [
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 9],
    ];
    const predictions = predictWindows((w) => (w[1] as number) + 1, rows);
    expect(predictions).toEqual([3, 4, 5]);
    expect(accuracy(predictions, [3, 4, 9])).toBeCloseTo(2 / 3);
    expect(accuracy([], [])).toBe(0);
  });
});

describe('notePredictor', () => {
  it('takes the argmax of a model, leaks nothing, and carries a stateful model from call to call', () => {
    const options = {
      units: 8,
      window: 4,
      encoding: 'one-hot',
      seed: 3,
      learningRate: 0.01,
    } as const;
    const model = buildModel({ ...options, model: 'stateful' });
    const predict = notePredictor(model, 'one-hot');
    const windows = noteWindows(encodeNotes(NABIYA), 4).map((row) => row.slice(0, 4));
    model.resetStates(); // the layer owns its two states, h and c
    const before = tf.memory().numTensors;
    const first = windows.map(predict);
    expect(tf.memory().numTensors).toBe(before);
    model.resetStates();
    expect(windows.map(predict)).toEqual(first); // reset: the same again
    const probabilities = tf.tidy(() => {
      model.resetStates();
      return Array.from(
        (
          model.predict(
            tf.oneHot(tf.tensor2d([windows[0] as number[]], [1, 4], 'int32'), 14),
          ) as tf.Tensor
        ).dataSync(),
      );
    });
    expect(first[0]).toBe(probabilities.indexOf(Math.max(...probabilities)));
    // Carried state: the second window predicted after the first differs from the second alone.
    const probe = (reset: boolean) =>
      tf.tidy(() => {
        model.resetStates();
        const x = (w: number[]) => tf.oneHot(tf.tensor2d([w], [1, 4], 'int32'), 14);
        if (!reset) model.predict(x(windows[0] as number[]));
        return Array.from((model.predict(x(windows[1] as number[])) as tf.Tensor).dataSync());
      });
    expect(probe(false)).not.toEqual(probe(true));
    model.dispose();
  });
});
