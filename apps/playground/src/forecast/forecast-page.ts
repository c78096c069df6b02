import * as tf from '@tensorflow/tfjs';
import { el, readNumber, say } from '../dom.js';
import { lineChartSpec } from '../line-chart-spec.js';
import { type LiveChart, liveChart } from '../live-chart.js';
import { LOSS_SERIES, LossHistory } from '../loss-history.js';
import type { Page, PageContext } from '../page-context.js';
import { trainInPage } from '../train-in-page.js';
import {
  csvForecastData,
  csvValueColumns,
  type ForecastData,
  syntheticData,
} from './forecast-data.js';
import { forecastForm } from './forecast-form.js';
import { buildForecaster, type ForecastModelName, forecasterShape } from './forecast-models.js';
import { forecastPoints } from './forecast-points.js';
import { formatScore, scoreForecasts } from './forecast-scores.js';
import { predictWindows } from './predict-windows.js';

const FORECAST_SERIES = [
  { name: 'input', color: '#555555' },
  { name: 'truth', color: '#2ca02c' },
  { name: 'forecast', color: '#d62728' },
  { name: 'naive', color: '#aaaaaa', dashed: true },
];

/**
 * The forecasting page: make windows of the book's synthetic series (or of a pasted or uploaded
 * CSV column), train a linear model, an LSTM, a GRU or a WaveNet with a live loss chart (or load
 * one the forecast app saved), and draw a test window's forecast against the truth, with the
 * errors of the model and of the naive forecast.
 */
export function forecastPage(context: PageContext): Page {
  const {
    sourceSelect,
    series,
    seed,
    steps,
    horizon,
    csvText,
    csvFile,
    column,
    csvBox,
    syntheticBox,
    modelSelect,
    epochs,
    batchSize,
    learningRate,
    train,
    stop,
    modelFiles,
    modelUrl,
    load,
    status,
    lossChart,
    windowInput,
    forecastChart,
    scores,
    page,
  } = forecastForm();

  let model: tf.LayersModel | null = null;
  let data: ForecastData | null = null;
  let forecasts: Float32Array | null = null;
  let stopping = false;
  let charts: { loss: LiveChart; forecast: LiveChart } | null = null;

  const chartsReady = async () => {
    charts ??= {
      loss: await liveChart(
        lossChart,
        lineChartSpec({
          title: 'Training loss (MSE)',
          xTitle: 'epoch',
          yTitle: 'loss',
          logY: true,
          series: LOSS_SERIES,
        }),
      ),
      forecast: await liveChart(
        forecastChart,
        lineChartSpec({
          title: 'A test window: forecast against the truth',
          xTitle: 'time step',
          yTitle: 'value',
          series: FORECAST_SERIES,
          points: true,
        }),
      ),
    };
    return charts;
  };

  const makeData = (): ForecastData => {
    const inputSteps = readNumber(steps);
    const ahead = readNumber(horizon);
    if (sourceSelect.value === 'csv') {
      if (csvText.value.trim() === '') throw new Error('Paste a CSV series, or choose a file.');
      return csvForecastData(csvText.value, {
        column: column.value || undefined,
        inputSteps,
        horizon: ahead,
      });
    }
    return syntheticData({
      series: readNumber(series),
      inputSteps,
      horizon: ahead,
      seed: readNumber(seed),
    });
  };

  const drawForecast = async () => {
    if (!data) return;
    const { forecast } = await chartsReady();
    const window = Math.min(readNumber(windowInput), data.test.count - 1);
    windowInput.max = String(data.test.count - 1);
    const own = forecasts
      ? forecasts.subarray(window * data.horizon, (window + 1) * data.horizon)
      : null;
    await forecast.update(forecastPoints(data, window, own));
  };

  const showScores = () => {
    if (!data || !forecasts) return;
    const s = scoreForecasts(data, forecasts);
    scores.replaceChildren(
      el('tr', {}, el('th', {}, ''), el('th', {}, 'MSE'), el('th', {}, 'MAE')),
      el(
        'tr',
        {},
        el('td', {}, model?.name ?? 'model'),
        el('td', { 'data-mse': s.modelMse }, formatScore(s.modelMse)),
        el('td', {}, formatScore(s.modelMae)),
      ),
      el(
        'tr',
        {},
        el('td', {}, 'naive (last value)'),
        el('td', {}, formatScore(s.naiveMse)),
        el('td', {}, formatScore(s.naiveMae)),
      ),
      el(
        'caption',
        {},
        `${data.test.count} test windows of ${data.source}, ${data.horizon} steps ahead`,
      ),
    );
  };

  const replaceModel = (next: tf.LayersModel | null) => {
    model?.dispose();
    model = next;
    forecasts = null;
  };

  const lock = (busy: boolean) => {
    for (const control of [train, load, modelFiles, sourceSelect, steps, horizon]) {
      control.disabled = busy;
    }
    stop.disabled = !busy;
  };

  const readCsv = () => {
    try {
      const columns = csvValueColumns(csvText.value);
      column.replaceChildren(...columns.map((c) => el('option', { value: c }, c)));
      say(status, `CSV: ${columns.length} value column(s): ${columns.join(', ')}.`);
    } catch (error) {
      column.replaceChildren();
      say(status, (error as Error).message, true);
    }
  };

  sourceSelect.addEventListener('change', () => {
    const csv = sourceSelect.value === 'csv';
    csvBox.hidden = !csv;
    syntheticBox.hidden = csv;
  });
  csvText.addEventListener('change', readCsv);
  csvFile.addEventListener('change', async () => {
    const file = csvFile.files?.[0];
    if (!file) return;
    csvText.value = await file.text();
    readCsv();
  });
  windowInput.addEventListener('change', () => void drawForecast());
  stop.addEventListener('click', () => {
    stopping = true;
    say(status, 'Stopping after this batch…');
  });

  const finish = async (what: string) => {
    if (!model || !data) return;
    forecasts = predictWindows(model, data.test, data.inputSteps, data.horizon);
    showScores();
    await drawForecast();
    page.dataset.state = 'trained';
    say(status, what);
  };

  train.addEventListener('click', () =>
    context.run(status, async () => {
      lock(true);
      stopping = false;
      page.dataset.state = 'training';
      try {
        data = makeData();
        const { loss } = await chartsReady();
        await loss.update([]);
        const name = modelSelect.value as ForecastModelName;
        replaceModel(
          buildForecaster(name, {
            inputSteps: data.inputSteps,
            horizon: data.horizon,
            learningRate: readNumber(learningRate),
            seed: readNumber(seed),
          }),
        );
        await drawForecast();
        const current = model as unknown as tf.LayersModel;
        const total = readNumber(epochs);
        const batch = readNumber(batchSize);
        const history = new LossHistory(Math.ceil(data.train.count / batch));
        const started = performance.now();
        const x = tf.tensor3d(data.train.inputs, [data.train.count, data.inputSteps, 1]);
        const y = tf.tensor2d(data.train.future, [data.train.count, data.horizon]);
        const vx = tf.tensor3d(data.valid.inputs, [data.valid.count, data.inputSteps, 1]);
        const vy = tf.tensor2d(data.valid.future, [data.valid.count, data.horizon]);
        say(status, `Training ${name} on ${data.train.count} windows (${data.source})…`);
        try {
          await trainInPage(current, {
            x,
            y,
            validation: [vx, vy],
            epochs: total,
            batchSize: batch,
            seed: readNumber(seed),
            shouldStop: () => stopping,
            onBatch: (epoch, b, value) => {
              history.addBatch(epoch, b, value);
              if (b % 5 === 0) void loss.update(history.points);
            },
            onEpoch: (epoch, value, validation) => {
              history.addEpoch(epoch, value, validation);
              void loss.update(history.points);
              page.dataset.epochs = String(epoch + 1);
              page.dataset.firstLoss = String(history.epochLosses[0]);
              page.dataset.lastLoss = String(value);
              say(
                status,
                `Epoch ${epoch + 1}/${total}: loss ${formatScore(value)}, validation ${formatScore(validation ?? Number.NaN)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
              );
            },
          });
        } finally {
          tf.dispose([x, y, vx, vy]);
        }
        await loss.update(history.points);
        await finish(
          `${name}: ${history.epochLosses.length} epoch(s) in ${((performance.now() - started) / 1000).toFixed(1)} s on ${tf.getBackend()}, ${current.countParams()} parameters; training loss ${formatScore(history.epochLosses[0] ?? Number.NaN)} → ${formatScore(history.epochLosses.at(-1) ?? Number.NaN)}.`,
        );
      } finally {
        lock(false);
      }
    }),
  );

  load.addEventListener('click', () =>
    context.run(status, async () => {
      lock(true);
      try {
        const files = Array.from(modelFiles.files ?? []);
        const manifest = files.find((f) => f.name === 'model.json');
        let loaded: tf.LayersModel;
        if (manifest) {
          const weights = files.filter((f) => f.name.endsWith('.bin'));
          loaded = await tf.loadLayersModel(tf.io.browserFiles([manifest, ...weights]));
        } else if (modelUrl.value.trim() !== '') {
          loaded = await tf.loadLayersModel(new URL(modelUrl.value, document.baseURI).href);
        } else {
          throw new Error(
            'Choose model.json and its .bin weights, or give the address of a model.json.',
          );
        }
        const shape = forecasterShape(loaded);
        if (shape.inputSteps !== null) steps.value = String(shape.inputSteps);
        horizon.value = String(shape.horizon);
        data = makeData();
        replaceModel(loaded);
        await finish(
          `Loaded ${loaded.name} (${loaded.countParams()} parameters): windows of ${data.inputSteps} steps, ${data.horizon} ahead${shape.sequenceOutput ? ' (sequence-to-sequence: the last step’s forecast)' : ''}.`,
        );
      } finally {
        lock(false);
      }
    }),
  );

  return {
    element: page,
    shown: () =>
      context.run(status, async () => {
        if (data) return;
        data = makeData();
        await drawForecast();
        say(status, `Ready: ${data.source}. Pick a model and train it.`);
      }),
  };
}
