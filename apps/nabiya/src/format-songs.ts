import { PHRASE_LENGTHS } from './melody.js';

/**
 * The real song and the generated one, phrase by phrase, one note under the other; a generated
 * note that differs from the song's is marked with `*`, the seed notes with brackets.
 */
export function formatSongs(
  real: readonly string[],
  generated: readonly string[],
  seedLength: number,
): string {
  const lines: string[] = [];
  const cell = (text: string) => text.padEnd(5);
  let start = 0;
  PHRASE_LENGTHS.forEach((length, p) => {
    const end =
      p === PHRASE_LENGTHS.length - 1 ? Math.max(real.length, generated.length) : start + length;
    const indices = Array.from({ length: end - start }, (_, k) => start + k);
    lines.push(
      `phrase ${p + 1}  the song   ${indices
        .map((i) => cell(real[i] ?? ''))
        .join('')
        .trimEnd()}`,
    );
    lines.push(
      `          generated  ${indices
        .map((i) => {
          const note = generated[i] ?? '';
          return cell(i < seedLength ? `[${note}]` : note === real[i] ? note : `${note}*`);
        })
        .join('')
        .trimEnd()}`,
    );
    start = end;
  });
  return lines.join('\n');
}
