import { generateDatePairs } from '@seq/app-translate/date-pairs';
import { CharTokenizer, type Tokenizer } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { el, field, numberInput, readNumber, say, select } from '../dom.js';
import { heatmapSpec } from '../heatmap-spec.js';
import { lineChartSpec } from '../line-chart-spec.js';
import { drawChart, type LiveChart, liveChart } from '../live-chart.js';
import { loadModelFromFiles, loadModelFromUrl, type SavedModel } from '../load-saved-model.js';
import { LOSS_SERIES, LossHistory } from '../loss-history.js';
import type { Page, PageContext } from '../page-context.js';
import { trainInPage } from '../train-in-page.js';
import {
  ATTENTION_DESCRIPTIONS,
  ATTENTION_KINDS,
  type AttentionKind,
  buildDateTranslator,
} from './date-translator.js';
import { encodePairs, lengthFor } from './encode-pairs.js';
import { assertAttentionTranslator, translateWithAttention } from './translate-with-attention.js';

/**
 * The attention page: train the translate app's date model (dates written out, such as
 * `Monday, April 22, 2019`, to ISO dates) with Bahdanau or Luong attention in the page, or load
 * one the translate app saved, then type a date and see the translation and where the decoder
 * looked while writing each character.
 */
export function attentionPage(context: PageContext): Page {
  const kind = select('attention-model', ATTENTION_KINDS, ATTENTION_DESCRIPTIONS);
  const pairs = numberInput('attention-pairs', 4000, { min: 50, max: 50000, step: 500 });
  const units = numberInput('attention-units', 64, { min: 4, max: 512 });
  const epochs = numberInput('attention-epochs', 4, { min: 1, max: 100 });
  const learningRate = numberInput('attention-lr', 0.01, { min: 0.00001, max: 1, step: 0.001 });
  const seed = numberInput('attention-seed', 42, { min: 0 });
  const train = el('button', { id: 'attention-train', className: 'primary' }, 'Train');
  const stop = el('button', { id: 'attention-stop', disabled: true }, 'Stop');
  const files = el('input', {
    id: 'attention-model-files',
    type: 'file',
    multiple: true,
    accept: '.json,.bin',
  });
  const url = el('input', {
    id: 'attention-model-url',
    type: 'url',
    placeholder: 'runs/…/model/model.json',
  });
  const tokenizerUrl = el('input', {
    id: 'attention-tokenizer-url',
    type: 'url',
    placeholder: '(default: ../tokenizer.json)',
  });
  const load = el('button', { id: 'attention-load' }, 'Load');
  const modelStatus = el(
    'p',
    { id: 'attention-model-status', className: 'status' },
    'No model yet.',
  );
  const lossChart = el('div', { id: 'attention-loss-chart', className: 'chart', hidden: true });
  const input = el('input', {
    id: 'attention-input',
    type: 'text',
    value: 'Monday, April 22, 2019',
    size: 32,
  });
  const translate = el(
    'button',
    { id: 'attention-translate', className: 'primary', disabled: true },
    'Translate',
  );
  const status = el('p', { id: 'attention-status', className: 'status' }, '');
  const output = el('output', { id: 'attention-output', className: 'translation' });
  const heatmap = el('div', { id: 'attention-heatmap', className: 'chart heatmap' });

  const page = el(
    'section',
    { id: 'attention-page', className: 'page' },
    el('h2', {}, 'Attention'),
    el(
      'p',
      { className: 'lead' },
      'Chapter 16.4: an encoder-decoder with attention translates dates written out in words into ISO dates, character by character. ',
      'At each output character the decoder weighs every source character; the heatmap shows those weights. ',
      'Train the model here (about a minute on wasm) or load one the ',
      el('code', {}, 'translate'),
      ' app saved.',
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Model'),
      el(
        'div',
        { className: 'row' },
        field('attention', kind),
        field('dates', pairs),
        field('GRU units', units),
        field('epochs', epochs),
        field('learning rate', learningRate),
        field('seed', seed),
        train,
        stop,
      ),
      el(
        'div',
        { className: 'row' },
        field('or load model.json + .bin + tokenizer.json', files),
        field('or model.json’s address', url),
        field('tokenizer.json’s address', tokenizerUrl),
        load,
      ),
      modelStatus,
      lossChart,
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Translate'),
      el('div', { className: 'row' }, field('a date', input), translate),
      output,
      status,
      heatmap,
    ),
  );

  let current: SavedModel | null = null;
  let stopping = false;
  let chart: LiveChart | null = null;
  let clearHeatmap: (() => void) | null = null;

  const use = (saved: SavedModel, what: string) => {
    try {
      assertAttentionTranslator(saved.model);
    } catch (error) {
      saved.model.dispose();
      throw error;
    }
    current?.model.dispose();
    current = saved;
    page.dataset.model = 'loaded';
    translate.disabled = false;
    say(modelStatus, what);
  };

  const lock = (busy: boolean) => {
    for (const control of [train, load, files]) control.disabled = busy;
    translate.disabled = busy || current === null;
    stop.disabled = !busy;
  };

  const run = () =>
    context.run(status, async () => {
      if (!current) return;
      const started = performance.now();
      const result = await translateWithAttention(current.model, current.tokenizer, input.value);
      output.textContent = result.output;
      clearHeatmap?.();
      clearHeatmap = await drawChart(
        heatmap,
        heatmapSpec(
          result.weights,
          result.sourceTokens,
          result.outputTokens,
          `Where the decoder looked: "${input.value}" → "${result.output}"`,
        ),
      );
      heatmap.dataset.cells = String(result.weights.length * result.sourceTokens.length);
      page.dataset.state = 'translated';
      say(
        status,
        `Greedy search in ${(performance.now() - started).toFixed(0)} ms on ${tf.getBackend()}.`,
      );
    });

  stop.addEventListener('click', () => {
    stopping = true;
  });
  translate.addEventListener('click', () => void run());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && current) void run();
  });

  train.addEventListener('click', () =>
    context.run(modelStatus, async () => {
      lock(true);
      stopping = false;
      try {
        const count = readNumber(pairs);
        const all = generateDatePairs(count, readNumber(seed));
        const validCount = Math.max(1, Math.round(count * 0.05));
        const trainPairs = all.slice(validCount);
        const validPairs = all.slice(0, validCount);
        const tokenizer: Tokenizer = CharTokenizer.fromCorpus(
          trainPairs.flatMap((p) => [p.source, p.target]),
        );
        const sourceLength = lengthFor(
          tokenizer,
          trainPairs.map((p) => p.source),
        );
        const targetLength = lengthFor(
          tokenizer,
          trainPairs.map((p) => p.target),
        );
        const model = buildDateTranslator(kind.value as AttentionKind, {
          vocabularySize: tokenizer.vocabularySize,
          sourceLength,
          targetLength,
          embeddingDim: 16,
          units: readNumber(units),
          learningRate: readNumber(learningRate),
          seed: readNumber(seed),
        });
        const tensors = (list: typeof trainPairs) => {
          const e = encodePairs(tokenizer, list, sourceLength, targetLength);
          return {
            x: [
              tf.tensor2d(e.source, [e.count, sourceLength], 'int32'),
              tf.tensor2d(e.targetIn, [e.count, targetLength], 'int32'),
            ],
            y: tf.tensor2d(e.targetOut, [e.count, targetLength], 'int32'),
          };
        };
        const training = tensors(trainPairs);
        const validation = tensors(validPairs);
        const batchSize = 64;
        lossChart.hidden = false;
        chart ??= await liveChart(
          lossChart,
          lineChartSpec({
            title: 'Training loss (masked cross-entropy)',
            xTitle: 'epoch',
            yTitle: 'loss',
            logY: true,
            series: LOSS_SERIES,
          }),
        );
        const history = new LossHistory(Math.ceil(trainPairs.length / batchSize));
        await chart.update([]);
        const total = readNumber(epochs);
        const started = performance.now();
        try {
          await trainInPage(model, {
            x: training.x,
            y: training.y,
            validation: [validation.x, validation.y],
            epochs: total,
            batchSize,
            seed: readNumber(seed),
            shouldStop: () => stopping,
            onBatch: (epoch, batch, loss) => {
              history.addBatch(epoch, batch, loss);
              if (batch % 4 === 0) void chart?.update(history.points);
            },
            onEpoch: (epoch, loss, validationLoss) => {
              history.addEpoch(epoch, loss, validationLoss);
              void chart?.update(history.points);
              say(
                modelStatus,
                `Epoch ${epoch + 1}/${total}: loss ${loss.toFixed(4)}, validation ${validationLoss?.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
              );
            },
          });
        } finally {
          tf.dispose([...training.x, training.y, ...validation.x, validation.y]);
        }
        await chart.update(history.points);
        use(
          { model, tokenizer, source: 'trained here' },
          `Trained ${model.name} (${model.countParams()} parameters) on ${trainPairs.length} dates, ${history.epochLosses.length} epoch(s) in ${((performance.now() - started) / 1000).toFixed(1)} s on ${tf.getBackend()}: loss ${history.epochLosses[0]?.toFixed(4)} → ${history.epochLosses.at(-1)?.toFixed(4)}.`,
        );
      } finally {
        lock(false);
      }
      await run();
    }),
  );

  load.addEventListener('click', () =>
    context.run(modelStatus, async () => {
      lock(true);
      try {
        const chosen = Array.from(files.files ?? []);
        const saved =
          chosen.length > 0
            ? await loadModelFromFiles(chosen)
            : url.value.trim() !== ''
              ? await loadModelFromUrl(url.value.trim(), tokenizerUrl.value)
              : null;
        if (!saved) throw new Error('Choose the files of a saved model, or give its address.');
        use(saved, `Loaded ${saved.model.name} from ${saved.source}.`);
      } finally {
        lock(false);
      }
      await run();
    }),
  );

  return { element: page, shown: async () => {} };
}
