import { el, field, numberInput, select } from '../dom.js';
import { FORECAST_MODEL_DESCRIPTIONS, FORECAST_MODELS } from './forecast-models.js';

/**
 * The controls of the forecasting page, laid out: the data (synthetic or CSV, window, horizon),
 * the model (train or load), the status line, the charts and the scores table. The page wires
 * them up.
 */
export function forecastForm() {
  const sourceSelect = select('forecast-source', ['synthetic', 'csv'], {
    synthetic: 'synthetic series (the book’s)',
    csv: 'CSV (paste or upload)',
  });
  const series = numberInput('forecast-series', 2000, { min: 20, max: 20000, step: 100 });
  const seed = numberInput('forecast-seed', 42, { min: 0 });
  const steps = numberInput('forecast-steps', 50, { min: 2, max: 500 });
  const horizon = numberInput('forecast-horizon', 10, { min: 1, max: 100 });
  const csvText = el('textarea', {
    id: 'forecast-csv',
    rows: 5,
    placeholder: 'date,value\n1949-01,112\n1949-02,118\n…',
  });
  const csvFile = el('input', { id: 'forecast-csv-file', type: 'file', accept: '.csv,text/csv' });
  const column = el('select', { id: 'forecast-column' });
  const csvBox = el(
    'div',
    { className: 'row', hidden: true },
    field('CSV', csvText),
    field('or a file', csvFile),
    field('column', column),
  );
  const syntheticBox = el(
    'div',
    { className: 'row' },
    field('series', series),
    field('seed', seed),
  );
  const modelSelect = select('forecast-model', FORECAST_MODELS, FORECAST_MODEL_DESCRIPTIONS);
  modelSelect.value = 'gru';
  const epochs = numberInput('forecast-epochs', 5, { min: 1, max: 200 });
  const batchSize = numberInput('forecast-batch', 32, { min: 1, max: 1024 });
  const learningRate = numberInput('forecast-lr', 0.005, { min: 0.00001, max: 1, step: 0.0001 });
  const train = el('button', { id: 'forecast-train', className: 'primary' }, 'Train');
  const stop = el('button', { id: 'forecast-stop', disabled: true }, 'Stop');
  const modelFiles = el('input', {
    id: 'forecast-model-files',
    type: 'file',
    multiple: true,
    accept: '.json,.bin',
  });
  const modelUrl = el('input', {
    id: 'forecast-model-url',
    type: 'url',
    placeholder: 'https://…/model.json',
  });
  const load = el('button', { id: 'forecast-load' }, 'Load');
  const status = el('p', { id: 'forecast-status', className: 'status' }, 'Ready.');
  const lossChart = el('div', { id: 'forecast-loss-chart', className: 'chart' });
  const windowInput = numberInput('forecast-window', 0, { min: 0 });
  const forecastChart = el('div', { id: 'forecast-chart', className: 'chart' });
  const scores = el('table', { id: 'forecast-scores', className: 'scores' });

  const page = el(
    'section',
    { id: 'forecast-page', className: 'page' },
    el('h2', {}, 'Forecasting'),
    el(
      'p',
      { className: 'lead' },
      'Chapter 15: forecast the next values of a time series from a window of past values. ',
      'Train a model here (it runs in this page, on the backend chosen above) or load one the ',
      el('code', {}, 'forecast'),
      ' app saved, then compare its forecast of a test window with the truth and with the naive forecast (the last value, repeated).',
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Data'),
      el(
        'div',
        { className: 'row' },
        field('source', sourceSelect),
        field('window steps', steps),
        field('horizon', horizon),
      ),
      syntheticBox,
      csvBox,
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Model'),
      el(
        'div',
        { className: 'row' },
        field('model', modelSelect),
        field('epochs', epochs),
        field('batch size', batchSize),
        field('learning rate', learningRate),
        train,
        stop,
      ),
      el(
        'div',
        { className: 'row' },
        field('or load model.json + .bin', modelFiles),
        field('or its address', modelUrl),
        load,
      ),
    ),
    status,
    lossChart,
    el('div', { className: 'row' }, field('test window', windowInput)),
    forecastChart,
    scores,
  );

  return {
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
  };
}
