import { CharTokenizer, type Tokenizer } from '@seq/data';
import * as tf from '@tensorflow/tfjs';
import { el, field, numberInput, readNumber, say, select } from '../dom.js';
import { lineChartSpec } from '../line-chart-spec.js';
import { type LiveChart, liveChart } from '../live-chart.js';
import { loadModelFromFiles, loadModelFromUrl, type SavedModel } from '../load-saved-model.js';
import { LOSS_SERIES, LossHistory } from '../loss-history.js';
import type { Page, PageContext } from '../page-context.js';
import { trainInPage } from '../train-in-page.js';
import { buildCharModel, CHAR_MODEL_KINDS, type CharModelKind } from './char-model.js';
import { type CharStepper, charStepper } from './char-stepper.js';
import { charWindows } from './char-windows.js';
import { generateText } from './generate-text.js';
import { SAMPLE_TEXT } from './sample-text.js';

/**
 * The text generation page: train a small character model on a pasted text (or load one the
 * char-rnn app saved: `model/model.json`, its weights and `tokenizer.json`), then continue a
 * prompt with temperature, top-k and top-p sampling or beam search, the text streaming in as it
 * is generated.
 */
export function textPage(context: PageContext): Page {
  const corpus = el('textarea', { id: 'text-corpus', rows: 8, value: SAMPLE_TEXT });
  const kind = select('text-model', CHAR_MODEL_KINDS, { gru: 'GRU', lstm: 'LSTM' });
  const units = numberInput('text-units', 128, { min: 4, max: 1024 });
  const windowLength = numberInput('text-window', 64, { min: 4, max: 400 });
  const epochs = numberInput('text-epochs', 15, { min: 1, max: 500 });
  const learningRate = numberInput('text-lr', 0.01, { min: 0.00001, max: 1, step: 0.001 });
  const train = el('button', { id: 'text-train', className: 'primary' }, 'Train');
  const stopTraining = el('button', { id: 'text-stop-training', disabled: true }, 'Stop');
  const files = el('input', {
    id: 'text-model-files',
    type: 'file',
    multiple: true,
    accept: '.json,.bin',
  });
  const url = el('input', {
    id: 'text-model-url',
    type: 'url',
    placeholder: 'runs/…/model/model.json',
  });
  const tokenizerUrl = el('input', {
    id: 'text-tokenizer-url',
    type: 'url',
    placeholder: '(default: ../tokenizer.json)',
  });
  const load = el('button', { id: 'text-load' }, 'Load');
  const modelStatus = el('p', { id: 'text-model-status', className: 'status' }, 'No model yet.');
  const lossChart = el('div', { id: 'text-loss-chart', className: 'chart', hidden: true });

  const prompt = el('input', { id: 'text-prompt', type: 'text', value: 'ROMEO:\n' });
  const length = numberInput('text-length', 300, { min: 1, max: 5000 });
  const temperature = numberInput('text-temperature', 0.8, { min: 0, max: 5, step: 0.1 });
  const topK = numberInput('text-top-k', 0, { min: 0, max: 1000 });
  const topP = numberInput('text-top-p', 1, { min: 0.01, max: 1, step: 0.05 });
  const beam = numberInput('text-beam', 1, { min: 1, max: 16 });
  const seed = numberInput('text-seed', 42, { min: 0 });
  const generate = el(
    'button',
    { id: 'text-generate', className: 'primary', disabled: true },
    'Generate',
  );
  const stopGenerating = el('button', { id: 'text-stop', disabled: true }, 'Stop');
  const status = el('p', { id: 'text-status', className: 'status' }, '');
  const promptShown = el('span', { className: 'prompt' });
  const generatedShown = el('span', { className: 'generated' });
  const output = el('pre', { id: 'text-output', className: 'output' }, promptShown, generatedShown);

  const page = el(
    'section',
    { id: 'text-page', className: 'page' },
    el('h2', {}, 'Text generation'),
    el(
      'p',
      { className: 'lead' },
      'Chapter 16.1: a character language model predicts the next character from the ones before. ',
      'Train one on any text here, or load one the ',
      el('code', {}, 'char-rnn'),
      ' app saved, then let it write: temperature, top-k and top-p shape the distribution each character is drawn from; a beam width above 1 searches for the most likely text instead.',
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Model'),
      field('training text', corpus),
      el(
        'div',
        { className: 'row' },
        field('model', kind),
        field('units', units),
        field('window', windowLength),
        field('epochs', epochs),
        field('learning rate', learningRate),
        train,
        stopTraining,
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
      el('legend', {}, 'Generate'),
      el(
        'div',
        { className: 'row' },
        field('prompt', prompt),
        field('characters', length),
        field('temperature', temperature, '0 picks the most likely character'),
        field('top-k', topK, '0: no limit'),
        field('top-p', topP, '1: no limit'),
        field('beam width', beam, 'above 1: beam search'),
        field('seed', seed),
        generate,
        stopGenerating,
      ),
      status,
      output,
    ),
  );

  let current: (SavedModel & { stepper: CharStepper }) | null = null;
  let stopping = false;
  let chart: LiveChart | null = null;
  let abort: AbortController | null = null;

  const use = (saved: SavedModel, what: string) => {
    current?.model.dispose();
    current = { ...saved, stepper: charStepper(saved.model) };
    page.dataset.model = 'loaded';
    generate.disabled = false;
    say(
      modelStatus,
      `${what} (${current.stepper.kind}, ${saved.tokenizer.vocabularySize} tokens).`,
    );
  };

  const lockModel = (busy: boolean) => {
    for (const control of [train, load, files]) control.disabled = busy;
    generate.disabled = busy || current === null;
    stopTraining.disabled = !busy;
  };

  stopTraining.addEventListener('click', () => {
    stopping = true;
  });
  stopGenerating.addEventListener('click', () => abort?.abort());

  train.addEventListener('click', () =>
    context.run(modelStatus, async () => {
      lockModel(true);
      stopping = false;
      try {
        const text = corpus.value.replace(/\r\n/g, '\n');
        const tokenizer: Tokenizer = CharTokenizer.fromCorpus([text]);
        const ids = tokenizer.encode(text);
        const length = readNumber(windowLength);
        const windows = charWindows(ids, length, Math.max(1, Math.floor(length / 4)));
        if (windows.count === 0) {
          throw new Error(`The text is shorter than one window (${length + 1} characters).`);
        }
        const batchSize = 32;
        const model = buildCharModel({
          kind: kind.value as CharModelKind,
          vocabularySize: tokenizer.vocabularySize,
          units: readNumber(units),
          learningRate: readNumber(learningRate),
          seed: readNumber(seed),
        });
        lossChart.hidden = false;
        chart ??= await liveChart(
          lossChart,
          lineChartSpec({
            title: 'Training loss (cross-entropy, nats per character)',
            xTitle: 'epoch',
            yTitle: 'loss',
            series: LOSS_SERIES.filter((s) => s.name !== 'validation'),
          }),
        );
        const history = new LossHistory(Math.ceil(windows.count / batchSize));
        await chart.update([]);
        const x = tf.tensor2d(windows.x, [windows.count, length], 'int32'); // [N, T]
        const y = tf.tensor3d(windows.y, [windows.count, length, 1]); // [N, T, 1]
        const started = performance.now();
        const total = readNumber(epochs);
        try {
          await trainInPage(model, {
            x,
            y,
            epochs: total,
            batchSize,
            seed: readNumber(seed),
            shouldStop: () => stopping,
            onBatch: (epoch, batch, loss) => {
              history.addBatch(epoch, batch, loss);
              void chart?.update(history.points);
            },
            onEpoch: (epoch, loss) => {
              history.addEpoch(epoch, loss, null);
              void chart?.update(history.points);
              say(
                modelStatus,
                `Epoch ${epoch + 1}/${total}: loss ${loss.toFixed(3)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
              );
            },
          });
        } finally {
          tf.dispose([x, y]);
        }
        await chart.update(history.points);
        use(
          { model, tokenizer, source: 'trained here' },
          `Trained ${model.name} on ${ids.length} characters (${windows.count} windows), ${history.epochLosses.length} epoch(s) in ${((performance.now() - started) / 1000).toFixed(1)} s on ${tf.getBackend()}: loss ${history.epochLosses[0]?.toFixed(3)} → ${history.epochLosses.at(-1)?.toFixed(3)}`,
        );
      } finally {
        lockModel(false);
      }
    }),
  );

  load.addEventListener('click', () =>
    context.run(modelStatus, async () => {
      lockModel(true);
      try {
        const chosen = Array.from(files.files ?? []);
        const saved =
          chosen.length > 0
            ? await loadModelFromFiles(chosen)
            : url.value.trim() !== ''
              ? await loadModelFromUrl(url.value.trim(), tokenizerUrl.value)
              : null;
        if (!saved) throw new Error('Choose the files of a saved model, or give its address.');
        use(saved, `Loaded ${saved.model.name} from ${saved.source}`);
      } finally {
        lockModel(false);
      }
    }),
  );

  generate.addEventListener('click', () =>
    context.run(status, async () => {
      if (!current) return;
      const { stepper, tokenizer } = current;
      abort = new AbortController();
      generate.disabled = true;
      stopGenerating.disabled = false;
      train.disabled = true;
      load.disabled = true;
      output.dataset.state = 'generating';
      promptShown.textContent = prompt.value;
      generatedShown.textContent = '';
      const started = performance.now();
      let painted = started;
      say(status, 'Generating…');
      try {
        const text = await generateText(stepper, tokenizer, prompt.value, {
          length: readNumber(length),
          temperature: readNumber(temperature),
          topK: readNumber(topK),
          topP: readNumber(topP),
          beam: readNumber(beam),
          seed: readNumber(seed),
          signal: abort.signal,
          onText: async (piece, replace) => {
            generatedShown.textContent = replace ? piece : generatedShown.textContent + piece;
            // Let the page paint what came, a few times a second (a frame per character would
            // cap generation at the display's frame rate).
            if (performance.now() - painted > 50) {
              await tf.nextFrame();
              painted = performance.now();
            }
          },
        });
        generatedShown.textContent = text;
        output.dataset.chars = String(Array.from(text).length);
        output.dataset.state = 'done';
        const seconds = (performance.now() - started) / 1000;
        say(
          status,
          `${Array.from(text).length} characters in ${seconds.toFixed(1)} s (${(Array.from(text).length / seconds).toFixed(0)} per second) on ${tf.getBackend()}${abort.signal.aborted ? ', stopped' : ''}.`,
        );
      } finally {
        abort = null;
        generate.disabled = false;
        stopGenerating.disabled = true;
        train.disabled = false;
        load.disabled = false;
      }
    }),
  );

  return { element: page, shown: async () => {} };
}
