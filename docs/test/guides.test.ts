import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

/** Runs the ```ts blocks of a guide, in order, as one module, and returns what they printed. */
async function runGuide(name: string): Promise<string[]> {
  const text = readFileSync(new URL(`../guides/${name}.md`, import.meta.url), 'utf8');
  const code = [...text.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]).join('\n');
  expect(code.length).toBeGreaterThan(0);
  const dir = new URL('./.generated/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}.ts`, dir);
  writeFileSync(file, `${code}\nexport {};\n`);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.join(' '));
  });
  try {
    await import(/* @vite-ignore */ `${file.href}?t=${Date.now()}`);
  } finally {
    log.mockRestore();
  }
  return lines;
}

const number = (lines: string[], pattern: RegExp): number => {
  const line = lines.find((l) => pattern.test(l));
  const match = line ? pattern.exec(line) : null;
  if (!match) throw new Error(`no line matches ${pattern}:\n${lines.join('\n')}`);
  return Number(match[1]);
};

describe('guides', () => {
  it('Forecasting a time series: runs, and the learned models beat the naive forecast', async () => {
    const lines = await runGuide('forecasting');
    const naive = number(lines, /naive forecast: MSE ([\d.]+)/);
    const linear = number(lines, /linear model: +MSE ([\d.]+)/);
    const rnn = number(lines, /deep RNN: +MSE ([\d.]+)/);
    expect(linear).toBeLessThan(naive);
    expect(rnn).toBeLessThan(naive);
    expect(lines).toContain('train 1400 series, valid 600 series');
    expect(lines).toContain('windows of 50 steps every 10 rows: 7 batches'); // 396 windows
    const multi = number(lines, /10-step forecast: MAE ([\d.]+)/);
    expect(Number.isFinite(multi)).toBe(true);
  }, 300_000);

  it('LSTM and GRU layers: runs, and its checks hold', async () => {
    const lines = await runGuide('recurrent-layers');
    expect(lines).toContain('LSTM output 2,10,8');
    expect(lines).toContain('GRU weights [3,24] [8,24] [2,24]');
    expect(lines).toContain('masked steps repeat the last output: true');
    expect(number(lines, /masked accuracy ([\d.]+)/)).toBeGreaterThan(0.99);
    expect(lines).toContain('stateful pieces equal the whole: true');
    expect(lines).toContain('step by step equals the full pass: true');
  }, 300_000);

  it('Attention: runs, and its checks hold', async () => {
    const lines = await runGuide('attention');
    for (const name of ['Luong (dot)', 'Luong (general)', 'Bahdanau']) {
      expect(lines).toContain(`${name}: context 2,3,8, weights 2,3,5, rows sum to 1: true`);
    }
    expect(lines).toContain('multi-head: output 2,3,8, weights 2,2,3,5');
    expect(lines).toContain('causal mask row 2: 1,1,0,0');
    expect(lines).toContain('padding gets no weight: true');
    expect(lines).toContain('heatmap: 25 cells');
    expect(lines).toContain('decoder outputs 2,4,8, alignments 2,4,5');
    expect(lines).toContain('step by step equals the whole sequence: true');
  }, 300_000);

  it('The Transformer: runs, and its checks hold', async () => {
    const lines = await runGuide('transformer');
    expect(lines).toContain('sine encoding 50,16, position 0 = 0,1,0,1');
    expect(lines).toContain('encoder 1,6,16, decoder 1,6,16');
    expect(lines).toContain('cached decoding equals the full pass: true');
    const first = number(lines, /token accuracy: epoch 1 ([\d.]+)/);
    const last = number(lines, /epoch 16 ([\d.]+)/);
    expect(last).toBeGreaterThan(first);
    expect(last).toBeGreaterThan(0.5); // chance is 0.1; the test suite trains the same model to 99% exact match
    expect(lines).toContain('schedule: step 1 3.5e-7, peak at 4000 1.4e-3, step 16000 7.0e-4');
  }, 300_000);

  it('1D convolutions for sequences: runs, and the WaveNet beats repeating the last value', async () => {
    const lines = await runGuide('conv1d');
    expect(lines).toContain('causal geometry {"outLength":12,"left":4,"right":0}');
    expect(lines).toContain('impulse response 1,0,0,0,1,0');
    const wave = number(lines, /WaveNet 10-step MAE ([\d.]+)/);
    const repeat = number(lines, /repeating the last value: ([\d.]+)/);
    expect(wave).toBeLessThan(repeat);
  }, 300_000);

  it('Greedy and beam search: runs, and its checks hold', async () => {
    const lines = await runGuide('generating-sequences');
    expect(lines.filter((l) => l === 'greedy continuation is in the text: true')).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('beam: '))).toHaveLength(3);
    expect(lines).toContain('n-best sorted by score: true');
    expect(lines).toContain('T=1        0.56 0.21 0.13 0.08 0.03');
    expect(lines).toContain('topK=2     0.73 0.27 0.00 0.00 0.00');
    expect(lines).toContain('same seed, same text: true');
    expect(lines).toContain('stopped after 10 tokens: aborted');
    expect(lines).toContain('KV cache equals re-feeding: true');
    expect(lines).toContain('RNN one-step API equals re-feeding: true');
    expect(number(lines, /BLEU ([\d.]+)/)).toBeCloseTo(0.5046, 4); // the first sentence of NLTK's corpus example
    expect(number(lines, /perplexity on the sentence it learned: ([\d.]+)/)).toBeLessThan(2);
  }, 300_000);

  it('Reliability: runs, and its checks hold', async () => {
    const lines = await runGuide('reliability');
    expect(lines.some((l) => /^checkpoints kept: \d+, \d+; best epoch \d+$/.test(l))).toBe(true);
    expect(lines).toContain('no NaN: true');
    const resumed = lines.find((l) => l.startsWith('resumed after epoch')) ?? '';
    const [, after, latest] = /resumed after epoch (\d+), latest now (\d+)/.exec(resumed) ?? [];
    expect(Number(latest)).toBe(Number(after) + 2);
  }, 120_000);
  it('Preparing text: runs, and its checks hold', async () => {
    const lines = await runGuide('preparing-text');
    expect(lines.some((l) => /^\d+ ids; "First Citizen" -> [\d ]+$/.test(l))).toBe(true);
    expect(lines).toContain('decoded: first citizen');
    expect(lines).toContain('나비야👍 is 4 tokens');
    expect(lines).toContain('loaded model gives the same scores: true');
    expect(lines).toContain('["Été","déjà","vu"] vs ["été","déjà","vu"]');
    expect(lines).toContain('round trip: true');
    const [, subwordCount, charCount] =
      /^(\d+) subword tokens vs (\d+) characters$/.exec(
        lines.find((l) => / subword tokens vs /.test(l)) ?? '',
      ) ?? [];
    expect(Number(subwordCount)).toBeLessThan(Number(charCount));
    expect(lines.some((l) => /^packed: \[\[2,(\d+,){5}3,0\],\[2,(\d+,){6}3\]\]$/.test(l))).toBe(
      true,
    );
    expect(lines).toContain('mask:   [[1,1,1,1,1,1,1,0],[1,1,1,1,1,1,1,1]]');
    expect(lines).toContain('sequenceMask([2, 4], 5): [[1,1,0,0,0],[1,1,1,1,0]]');
    expect(lines).toContain('row 1 continues: true');
    expect(lines).toContain('restored tokenizer encodes the same: true');
  }, 120_000);
  it('Datasets: runs, and its checks hold', async () => {
    const lines = await runGuide('datasets');
    expect(lines).toContain('2 reviews; first: 아 더빙.. 진짜 짜증나네요 목소리 (label 0)');
    expect(lines).toContain('pairs: Go. -> Va !; Hi. -> Salut !');
    expect(lines.some((l) => l.startsWith('SeqError: loadNsmc:') && /line 3/.test(l))).toBe(true);
    expect(lines).toContain('chatbot: 12시 땡! => 하루가 또 가네요. | 안녕, 반가워 => 반가워요.');
  }, 60_000);
  it('WaveNet: runs, the forecaster beats the naive forecast, and fast generation equals the full pass', async () => {
    const lines = await runGuide('wavenet');
    expect(lines).toContain("book's stack: 31 steps");
    expect(lines).toContain('dilations 1..512: 1024 steps');
    expect(lines).toContain('residual 2,100,8, skip 2,100,32');
    const wavenetMse = number(lines, /WaveNet MSE ([\d.]+)/);
    const naiveMse = number(lines, /naive MSE ([\d.]+)/);
    expect(wavenetMse).toBeLessThan(naiveMse);
    expect(lines).toContain('fast generation equals the full pass: true');
    expect(lines).toContain('generated 200 samples');
    expect(lines).toContain("decoding's greedy search agrees: true");
  }, 300_000);

  it('Performance: picking the backend says which one it picked', async () => {
    const lines = await runGuide('performance');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tfjs backend: (tensorflow|wasm|cpu)\b/);
  });

  it('Input and output sequences: the four shapes, and one of them trains', async () => {
    const lines = await runGuide('input-and-output-sequences');
    expect(lines.slice(0, 4)).toEqual([
      'sequence to sequence: [4,20,1] -> [4,20,1]',
      'sequence to vector: [4,20,1] -> [4,1]',
      'vector to sequence: [4,8] -> [4,10,1]',
      'encoder-decoder: [4,20,1] and [4,7,3] -> [4,7,3]',
    ]);
    const [, first, last] =
      /MSE ([\d.]+) after one epoch, ([\d.]+) after five/.exec(lines[4] ?? '') ?? [];
    expect(Number(last)).toBeLessThan(Number(first));
  }, 300_000);

  it('Why recurrent networks: any length, the same weights, and no step sees the future', async () => {
    const lines = await runGuide('why-rnns');
    expect(lines).toContain('5 steps -> [1,5,4], 50 steps -> [1,50,4]');
    expect(lines).toContain('parameters: 32, whatever the length');
    expect(lines.find((l) => l.startsWith('a dense layer on 5 steps, given 50: '))).toMatch(
      /given 50: Error when checking/,
    );
    expect(lines).toContain('steps 0-20 matter: true; steps 21-29 do not: true');
    expect(lines).toContain('the last steps matter most: true');
  }, 120_000);

  it('Recurrent neurons and layers: the equation by hand equals the layer', async () => {
    const lines = await runGuide('recurrent-neurons');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('weights [3,4] [4,4] [4]');
    expect(Number(/by hand vs layer (\S+)$/.exec(lines[0] ?? '')?.[1])).toBeLessThan(1e-5);
    expect(lines[1]).toBe('last output [2,4] equals the last step (index 5) of the sequence: true');
  }, 120_000);

  it('Memory cells: the LSTM and GRU equations by hand equal the layers', async () => {
    const lines = await runGuide('memory-cells');
    expect(lines).toHaveLength(2);
    for (const [line, weights] of [
      [lines[0], 'kernel [3,16]'],
      [lines[1], 'bias [2,12]'],
    ] as const) {
      expect(line).toContain(weights);
      expect(Number(/by hand vs layer (\S+)$/.exec(line ?? '')?.[1])).toBeLessThan(1e-5);
    }
  }, 120_000);

  it('Layer normalisation: the equation by hand, and inputs x 100 do not saturate it', async () => {
    const lines = await runGuide('layer-normalization');
    expect(lines).toContain(
      'weights: kernel [3,4], recurrent_kernel [4,4], bias [4], layer_norm/gamma [4], layer_norm/beta [4]',
    );
    expect(lines).toContain('by hand vs layer: true');
    const [, plain, normed] =
      /plain ([\d.]+), layer-normalised ([\d.]+)/.exec(
        lines.find((l) => l.startsWith('outputs at')) ?? '',
      ) ?? [];
    expect(Number(plain)).toBeGreaterThan(0.5);
    expect(Number(normed)).toBeLessThan(Number(plain) / 2);
    expect(lines).toContain('layer-normalised LSTM: output [2,6,4], states [2,4] [2,4]');
  }, 120_000);

  it('Bidirectional RNNs: each half sees its side, and only the bidirectional layer reads ahead', async () => {
    const lines = await runGuide('bidirectional-rnns');
    expect(lines).toContain('bidirectional output [2,10,8]');
    expect(lines).toContain(
      'forward half at step 4 sees steps 0,1,2,3,4; backward half sees 4,5,6,7,8,9',
    );
    const [, forward, both] =
      /left to right ([\d.]+), bidirectional ([\d.]+)/.exec(lines.at(-1) ?? '') ?? [];
    expect(Number(forward)).toBeLessThan(0.5);
    expect(Number(both)).toBeGreaterThan(0.9);
  }, 300_000);

  it('Char-RNN: the dataset, bits per character going down, and text at three temperatures', async () => {
    const lines = await runGuide('char-rnn');
    expect(lines).toContain('a batch: inputs [32,40], targets [32,40,1]');
    // The targets are the inputs one character later.
    const input = JSON.parse(lines.find((l) => l.startsWith('input  '))?.slice(7) ?? '""');
    const target = JSON.parse(lines.find((l) => l.startsWith('target '))?.slice(7) ?? '""');
    expect(input.length).toBe(24);
    expect(target.slice(0, -1)).toBe(input.slice(1));
    const [, first, last] =
      /bits per character: ([\d.]+) after one epoch, ([\d.]+) after 12/.exec(
        lines.find((l) => l.startsWith('bits per character')) ?? '',
      ) ?? [];
    const unigram = number(lines, /character frequencies alone: ([\d.]+) bits/);
    expect(Number(last)).toBeLessThan(Number(first));
    expect(Number(last)).toBeLessThan(unigram / 2);
    const cold = lines.find((l) => l.startsWith('T=0.2: ')) ?? '';
    expect(cold).toMatch(/^T=0.2: "Shall I compare thee/);
    expect(lines.filter((l) => /^T=(0.2|1|2): "Shall I/.test(l))).toHaveLength(3);
  }, 300_000);

  it('Training RNNs: gradients vanish in a simple RNN more than in an LSTM, and clipping caps the norm', async () => {
    const lines = await runGuide('training-rnns');
    const firstStep = (line: string | undefined) => Number(/: (\S+) /.exec(line ?? '')?.[1]);
    const rnn = firstStep(lines.find((l) => l.startsWith('SimpleRNN')));
    const lstmStep = firstStep(lines.find((l) => l.startsWith('LSTM')));
    expect(rnn).toBeLessThan(lstmStep / 100);
    const [, norm, clipped] =
      /gradient norm (\S+), clipped to ([\d.]+)/.exec(lines.at(-1) ?? '') ?? [];
    expect(Number(norm)).toBeGreaterThan(1);
    expect(Number(clipped)).toBeCloseTo(1, 3);
  }, 300_000);

  it('The Korean examples: an LSTM learns 나비야 and plays most of it back', async () => {
    const lines = await runGuide('korean-examples');
    expect(lines[0]).toMatch(/^50 windows; accuracy after training 0\.\d\d$/);
    expect(number(lines, /accuracy after training ([\d.]+)/)).toBeGreaterThan(0.85);
    const [, right] = /song accuracy (\d+)\/50/.exec(lines[1] ?? '') ?? [];
    expect(Number(right)).toBeGreaterThanOrEqual(3);
    // The seed, then the notes that follow from four notes without ambiguity.
    expect(lines[1]).toMatch(/: g8 e8 e4 f8 d8 d4 c8 /);
  }, 300_000);

  it('Sentiment analysis: runs, learns negations, masks the padding, and splits Korean into subwords', async () => {
    const lines = await runGuide('sentiment-analysis');
    expect(lines[0]).toMatch(/^\d+ training reviews, \d+ ids: "The .+\."$/);
    expect(number(lines, /test accuracy ([\d.]+)/)).toBeGreaterThan(0.9);
    const [, short, long] =
      /scores ([\d.]+) padded to 24, ([\d.]+) padded to 48/.exec(
        lines.find((l) => l.includes('padded to 48')) ?? '',
      ) ?? [];
    expect(short).toBeDefined();
    expect(short).toBe(long);
    expect(lines.at(-1)).toMatch(/, decodes back: true$/);
  }, 300_000);

  it('Encoder-decoder translation: runs, learns the dates, and attention looks at the year', async () => {
    const lines = await runGuide('translation');
    expect(lines[0]).toMatch(/^vocabulary \d+; ".+" -> "\d{4}-\d\d-\d\d"$/);
    expect(number(lines, /epoch 8 ([\d.]+)/)).toBeGreaterThan(number(lines, /epoch 1 ([\d.]+)/));
    const greedy = number(lines, /greedy: exact match ([\d.]+)%/);
    const beam = number(lines, /beam 5: exact match ([\d.]+)%/);
    expect(greedy).toBeGreaterThan(50);
    expect(beam).toBeGreaterThanOrEqual(greedy - 5);
    const looked = lines.find((l) => l.startsWith("the year's 4 digits")) ?? '';
    const [, chars, date] = /looked hardest at: (.*) \(source (.*)\)$/.exec(looked) ?? [];
    const year = date?.slice(-4) ?? '';
    // Most of the year's digits were read where the year is written.
    expect((chars ?? '').split(' ').filter((c) => year.includes(c)).length).toBeGreaterThanOrEqual(
      3,
    );
  }, 300_000);

  it('Coming from Keras: a Keras 3 model.json loads with seq layers, and goes back', async () => {
    const lines = await runGuide('coming-from-keras');
    expect(lines).toContain('layers: InputLayer, seq.GRU, Dense');
    expect(lines).toContain(
      'GRU weights: gru/kernel [1,6], gru/recurrent_kernel [2,6], gru/bias [2,6]',
    );
    expect(lines).toContain('forecast shape: 1,1');
    // And back to Keras: Keras' class names, tfjs' weight names, the same numbers.
    expect(lines).toContain('for Keras: InputLayer, GRU, Dense');
    expect(lines).toContain(
      'written: gru/kernel, gru/recurrent_kernel, gru/bias, dense/kernel, dense/bias',
    );
    expect(lines).toContain('reloaded: max difference 0');
  }, 120_000);
});
