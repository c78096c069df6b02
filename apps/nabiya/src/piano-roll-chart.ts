import type { TopLevelSpec } from 'vega-lite';
import { noteBeats } from './melody.js';

/** One note of a piano roll. */
interface RollNote {
  song: string;
  pitch: string;
  start: number;
  end: number;
  note: string;
  status: string;
}

/** The pitches from high to low, as the y axis lists them. */
const PITCHES = ['b', 'a', 'g', 'f', 'e', 'd', 'c'];

/** The notes of a song laid out in beats, with a status for each. */
function rollNotes(
  song: string,
  notes: readonly string[],
  status: (i: number) => string,
): RollNote[] {
  let start = 0;
  return notes.map((note, i) => {
    const end = start + noteBeats(note);
    const rolled = { song, pitch: note[0] ?? '?', start, end, note, status: status(i) };
    start = end;
    return rolled;
  });
}

/**
 * A Vega-Lite piano roll of the real song above the generated one (x in beats, a bar per note at
 * its pitch): the generated notes are coloured as the seed, as the song (the same note at the same
 * position) or different.
 */
export function pianoRollChart(
  real: readonly string[],
  generated: readonly string[],
  seedLength: number,
  title: string,
): TopLevelSpec {
  const values = [
    ...rollNotes('the song', real, () => 'the song'),
    ...rollNotes('generated', generated, (i) =>
      i < seedLength ? 'seed' : generated[i] === real[i] ? 'as the song' : 'different',
    ),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    background: 'white',
    data: { values },
    mark: { type: 'rect', cornerRadius: 2, stroke: 'white', strokeWidth: 1 },
    width: 720,
    height: 120,
    encoding: {
      row: { field: 'song', type: 'nominal', title: null, sort: ['the song', 'generated'] },
      x: { field: 'start', type: 'quantitative', title: 'beat', axis: { tickMinStep: 1 } },
      x2: { field: 'end' },
      y: {
        field: 'pitch',
        type: 'ordinal',
        title: 'pitch',
        sort: PITCHES,
        scale: { domain: PITCHES },
      },
      color: {
        field: 'status',
        type: 'nominal',
        title: null,
        scale: {
          domain: ['the song', 'seed', 'as the song', 'different'],
          range: ['#4c78a8', '#9d9d9d', '#54a24b', '#e45756'],
        },
      },
      tooltip: [{ field: 'note' }, { field: 'start' }],
    },
  } as TopLevelSpec;
}
