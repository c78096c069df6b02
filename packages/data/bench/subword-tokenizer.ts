/**
 * Subword tokenizer benchmark: trains BytePairTokenizer on the NSMC Korean movie reviews at a few
 * vocabulary sizes and prints, for each, the training time, the mean tokens per review against a
 * character tokenizer (code points after NFC), the round-trip rate over every review (must be
 * 100%) and the encoding throughput; then times training on about 10 MB of text (NSMC plus IMDB
 * reviews).
 *
 *   pnpm --filter @seq/data bench:tokenizer [--data nsmc.tsv] [--imdb imdb.csv] [--sizes 4000,8000]
 */
import { readFileSync } from 'node:fs';
import { BytePairTokenizer } from '../src/byte-pair-tokenizer.js';
import { CharTokenizer } from '../src/char-tokenizer.js';
import { parseCsv } from '../src/parse-csv.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined
    ? (process.argv[at + 1] as string)
    : fallback;
}

// The shared data folder beside the repository (../shared/data from its root).
const shared = (path: string) =>
  new URL(`../../../../shared/data/${path}`, import.meta.url).pathname;
const nsmcPath = option('data', shared('nsmc/ratings_train_small.txt'));
const imdbPath = option('imdb', shared('imdb/train_10k.csv'));
const sizes = option('sizes', '4000,8000').split(',').map(Number);
const MB = 1024 * 1024;
const utf8Bytes = (texts: readonly string[]) => texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

/** NSMC: `id<TAB>document<TAB>label` with a header; split on TAB only (no CSV quoting). */
function readNsmc(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t')[1] ?? '');
}

function time<T>(run: () => T): { value: T; seconds: number } {
  const start = performance.now();
  const value = run();
  return { value, seconds: (performance.now() - start) / 1000 };
}

const reviews = readNsmc(nsmcPath);
const nsmcBytes = utf8Bytes(reviews);
console.log(
  `NSMC: ${reviews.length} reviews, ${(nsmcBytes / MB).toFixed(2)} MB of text (${nsmcPath})`,
);
// What CharTokenizer (one id per code point) gives for the same reviews.
const charTokenizer = CharTokenizer.fromCorpus(reviews);
const chars = reviews.reduce((n, r) => n + charTokenizer.encode(r).length, 0);
console.log(`CharTokenizer tokens per review: ${(chars / reviews.length).toFixed(2)}`);

for (const vocabularySize of sizes) {
  const { value: tokenizer, seconds: trainSeconds } = time(() =>
    BytePairTokenizer.train(reviews, { vocabularySize }),
  );
  // A fresh copy has a cold chunk cache: time encoding on it, then again warm.
  const cold = BytePairTokenizer.fromJSON(tokenizer.toJSON());
  const { value: encoded, seconds: coldSeconds } = time(() => reviews.map((r) => cold.encode(r)));
  const { seconds: warmSeconds } = time(() => reviews.map((r) => cold.encode(r)));
  let tokens = 0;
  let exact = 0;
  let byteTokens = 0;
  encoded.forEach((ids, i) => {
    tokens += ids.length;
    for (const id of ids) if (id >= 4 && id < 260) byteTokens++;
    if (cold.decode(ids) === cold.normalize(reviews[i] as string)) exact++;
  });
  console.log(
    [
      `\nvocabularySize ${vocabularySize}: ${tokenizer.vocabularySize} ids, alphabet ${tokenizer.getAlphabet().length}, merges ${tokenizer.getMerges().length}`,
      `  training: ${trainSeconds.toFixed(2)} s`,
      `  tokens per review: ${(tokens / reviews.length).toFixed(2)} BPE vs ${(chars / reviews.length).toFixed(2)} characters (${((100 * tokens) / chars).toFixed(1)}%); byte-fallback tokens ${((100 * byteTokens) / tokens).toFixed(3)}%`,
      `  round trip: ${exact}/${reviews.length} (${((100 * exact) / reviews.length).toFixed(2)}%)`,
      `  encode: ${(reviews.length / coldSeconds).toFixed(0)} reviews/s, ${(nsmcBytes / MB / coldSeconds).toFixed(2)} MB/s cold cache; ${(reviews.length / warmSeconds).toFixed(0)} reviews/s, ${(nsmcBytes / MB / warmSeconds).toFixed(2)} MB/s warm`,
      `  example: ${JSON.stringify(tokenizer.tokenize(reviews[0] as string))}`,
    ].join('\n'),
  );
  if (exact !== reviews.length) process.exitCode = 1;
}

// About 10 MB: every NSMC review plus IMDB reviews until the text reaches 10 MB.
const imdb = parseCsv(readFileSync(imdbPath, 'utf8'))
  .slice(1)
  .map((row) => row[4] ?? '');
const big = [...reviews];
let bigBytes = nsmcBytes;
for (const text of imdb) {
  if (bigBytes >= 10 * MB) break;
  big.push(text);
  bigBytes += Buffer.byteLength(text);
}
for (const vocabularySize of [8000, 32000]) {
  const { value: tokenizer, seconds } = time(() =>
    BytePairTokenizer.train(big, { vocabularySize }),
  );
  console.log(
    `\n~10 MB (${(bigBytes / MB).toFixed(2)} MB, ${big.length} texts, NSMC + IMDB), vocabularySize ${vocabularySize}: training ${seconds.toFixed(2)} s (${tokenizer.getMerges().length} merges, alphabet ${tokenizer.getAlphabet().length})`,
  );
}
