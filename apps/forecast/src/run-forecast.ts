import * as path from 'node:path';
import {
  type ChartPoint,
  disposeModel,
  type EpochLogs,
  formatNumber,
  formatTable,
  type Interrupt,
  lineChart,
  trainResumable,
  writeChart,
  writeJson,
} from '@seq/app-kit';
import { fileSystem, writeFileAtomically } from '@seq/core/node';
import * as tf from '@tensorflow/tfjs';
import { csvData, estimateSeason, type ForecastData, syntheticData } from './forecast-data.js';
import { buildModel, type ModelName, SEQUENCE_MODELS, type Strategy } from './forecast-models.js';
import {
  forecastHorizon,
  inputsOf,
  naiveHorizon,
  naiveScale,
  type Scores,
  score,
  seasonalNaiveHorizon,
  targetsOf,
} from './forecasting.js';

/** Where the series comes from. */
export type DataOptions =
  | { kind: 'synthetic'; series: number }
  | { kind: 'csv'; file: string; column?: string; stride: number };

/** Everything a run depends on; saved as `config.json` and read back by `--resume`. */
export interface ForecastOptions {
  data: DataOptions;
  inputSteps: number;
  horizon: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  models: ModelName[];
  strategies: Strategy[];
  /** Season of the seasonal naive baseline, or `'auto'` (estimated from the training windows). */
  season: number | 'auto';
}

/** One trained model's results. */
export interface ModelResult {
  model: ModelName;
  strategy: Strategy;
  params: number;
  /** Seconds of training (in this process; 0 for a run resumed after it finished). */
  seconds: number;
  history: EpochLogs[];
  /** Scores of the next step (one-step models only). */
  oneStep: Scores | null;
  /** Scores over the whole horizon. */
  horizon: Scores;
  /** The forecast of the first test window, in original units. */
  example: number[];
}

/** A baseline's scores. */
export interface BaselineResult {
  name: string;
  oneStep: Scores;
  horizon: Scores;
  example: number[];
}

/** What `metrics.json` holds. */
export interface ForecastResults {
  source: string;
  windows: { train: number; valid: number; test: number };
  inputSteps: number;
  horizon: number;
  season: number;
  naiveScale: number;
  baselines: BaselineResult[];
  models: ModelResult[];
  /** The first test window and its future, in original units. */
  example: { inputs: number[]; future: number[] };
}

/** The jobs of a run: each strategy with each model that supports it. */
export function jobsOf(options: ForecastOptions): { model: ModelName; strategy: Strategy }[] {
  return options.strategies.flatMap((strategy) =>
    options.models
      .filter((model) => strategy !== 'seq2seq' || SEQUENCE_MODELS.includes(model))
      .map((model) => ({ model, strategy })),
  );
}

/** Loads the data a run's options describe. */
export async function loadData(options: ForecastOptions): Promise<ForecastData> {
  const { data, inputSteps, horizon, seed } = options;
  return data.kind === 'synthetic'
    ? syntheticData({ series: data.series, inputSteps, horizon, seed })
    : csvData({ file: data.file, column: data.column, inputSteps, horizon, stride: data.stride });
}

/**
 * Runs the comparison: baselines, then every model with every strategy, each trained with
 * checkpoints in `out/checkpoints` (a run started again in the same folder resumes where it
 * stopped), saved to `out/models`, scored on the test windows; writes `metrics.json`,
 * `results.md` and the plots.
 */
export async function runForecast(
  options: ForecastOptions,
  out: string,
  interrupt?: Interrupt,
  log: (line: string) => void = console.log,
): Promise<ForecastResults> {
  const data = await loadData(options);
  const { test, inputSteps, horizon, std, mean } = data;
  const season =
    options.season === 'auto' ? estimateSeason(data.train, inputSteps) : options.season;
  const scale = naiveScale(data);
  const original = (values: ArrayLike<number>) => Array.from(values, (v) => v * std + mean);
  const firstOf = (forecasts: Float32Array) => original(forecasts.subarray(0, horizon));
  log(
    `data: ${data.source}; windows: ${data.train.count} train, ${data.valid.count} valid, ${test.count} test`,
  );

  const baselines: BaselineResult[] = [
    ['naive', naiveHorizon(test, data)] as const,
    [`seasonal naive (season ${season})`, seasonalNaiveHorizon(test, data, season)] as const,
  ].map(([name, forecasts]) => ({
    name,
    oneStep: score(forecasts, test, data, 1, scale),
    horizon: score(forecasts, test, data, horizon, scale),
    example: firstOf(forecasts),
  }));

  const xTrain = inputsOf(data.train, inputSteps);
  const xValid = inputsOf(data.valid, inputSteps);
  const results: ModelResult[] = [];
  try {
    for (const { model: name, strategy } of jobsOf(options)) {
      const job = `${strategy}/${name}`;
      const yTrain = targetsOf(data.train, data, strategy, name);
      const yValid = targetsOf(data.valid, data, strategy, name);
      let model: tf.LayersModel | null = null;
      try {
        const trained = await trainResumable({
          label: job,
          build: () =>
            buildModel(name, {
              inputSteps,
              outputs: strategy === 'one-step' ? 1 : horizon,
              sequenceOutput: strategy === 'seq2seq',
              seed: options.seed,
              learningRate: options.learningRate,
            }),
          x: xTrain,
          y: yTrain,
          validation: [xValid, yValid],
          epochs: options.epochs,
          batchSize: options.batchSize,
          seed: hashSeed(`${options.seed}/${job}`),
          directory: path.join(out, 'checkpoints', strategy, name),
          interrupt,
          resumeHint: `continue with --resume ${out}`,
        });
        model = trained.model;
        await model.save(fileSystem(path.join(out, 'models', strategy, name)));
        const forecasts = forecastHorizon(model, strategy, test, data);
        results.push({
          model: name,
          strategy,
          params: model.countParams(),
          seconds: trained.seconds,
          history: trained.history,
          oneStep: strategy === 'one-step' ? score(forecasts, test, data, 1, scale) : null,
          horizon: score(forecasts, test, data, horizon, scale),
          example: firstOf(forecasts),
        });
      } finally {
        if (model) disposeModel(model);
        tf.dispose([yTrain, yValid]);
      }
    }
  } finally {
    tf.dispose([xTrain, xValid]);
  }

  const exampleInputs = original(test.inputs.subarray(0, inputSteps));
  const summary: ForecastResults = {
    source: data.source,
    windows: { train: data.train.count, valid: data.valid.count, test: test.count },
    inputSteps,
    horizon,
    season,
    naiveScale: scale,
    baselines,
    models: results,
    example: { inputs: exampleInputs, future: original(test.future.subarray(0, horizon)) },
  };
  await writeJson(path.join(out, 'metrics.json'), summary);
  const tables = resultTables(summary);
  await writeFileAtomically(path.join(out, 'results.md'), `${tables}\n`);
  await writePlots(summary, path.join(out, 'plots'));
  log(tables);
  return summary;
}

/** A 32-bit seed from a string (FNV-1a), for per-job shuffling. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The results as two Markdown tables: one step ahead, and the whole horizon. */
export function resultTables(results: ForecastResults): string {
  const n = (v: number) => formatNumber(v, 4);
  type Row = { name: string; strategy: string; s: Scores; params?: number; seconds?: number };
  const columns = [
    { heading: 'model', value: (r: Row) => r.name },
    { heading: 'strategy', value: (r: Row) => r.strategy },
    { heading: 'MAE', value: (r: Row) => n(r.s.mae), numeric: true },
    { heading: 'MSE', value: (r: Row) => n(r.s.mse), numeric: true },
    { heading: 'MASE', value: (r: Row) => n(r.s.mase), numeric: true },
    {
      heading: 'params',
      value: (r: Row) => (r.params === undefined ? '-' : String(r.params)),
      numeric: true,
    },
    {
      heading: 'train s',
      value: (r: Row) => (r.seconds === undefined ? '-' : r.seconds.toFixed(1)),
      numeric: true,
    },
  ];
  const oneStep: Row[] = [
    ...results.baselines.map((b) => ({ name: b.name, strategy: 'baseline', s: b.oneStep })),
    ...results.models
      .filter((m) => m.oneStep)
      .map((m) => ({
        name: m.model,
        strategy: m.strategy,
        s: m.oneStep as Scores,
        params: m.params,
        seconds: m.seconds,
      })),
  ];
  const many: Row[] = [
    ...results.baselines.map((b) => ({ name: b.name, strategy: 'baseline', s: b.horizon })),
    ...results.models.map((m) => ({
      name: m.model,
      strategy: m.strategy === 'one-step' ? 'iterative' : m.strategy,
      s: m.horizon,
      params: m.params,
      seconds: m.seconds,
    })),
  ];
  return [
    `One step ahead (test windows: ${results.windows.test}; MASE below 1 beats the naive forecast)`,
    '',
    formatTable(oneStep, columns),
    '',
    `${results.horizon} steps ahead (errors over all ${results.horizon} steps)`,
    '',
    formatTable(many, columns),
  ].join('\n');
}

/** Loss curves per strategy and the forecasts of the first test window, as SVG and PNG. */
async function writePlots(results: ForecastResults, folder: string): Promise<void> {
  const strategies = [...new Set(results.models.map((m) => m.strategy))];
  for (const strategy of strategies) {
    const models = results.models.filter((m) => m.strategy === strategy);
    const loss: ChartPoint[] = models.flatMap((m) =>
      m.history.map((logs, epoch) => ({
        x: epoch + 1,
        y: logs.val_loss ?? Number.NaN,
        series: m.model,
      })),
    );
    await writeChart(
      folder,
      `loss-${strategy}`,
      lineChart(loss, {
        title: `Validation loss (MSE, scaled), ${strategy}`,
        xTitle: 'epoch',
        yTitle: 'validation MSE',
        logY: true,
        integerX: true,
      }),
    );
    const { inputs, future } = results.example;
    const t0 = inputs.length;
    const truth: ChartPoint[] = [...inputs, ...future].map((y, i) => ({
      x: i - t0 + 1,
      y,
      series: 'truth',
    }));
    const forecasts: ChartPoint[] = [
      ...results.baselines.slice(0, 1).map((b) => ({ name: b.name, example: b.example })),
      ...models.map((m) => ({ name: m.model, example: m.example })),
    ].flatMap(({ name, example }) => example.map((y, k) => ({ x: k + 1, y, series: name })));
    await writeChart(
      folder,
      `forecast-${strategy}`,
      lineChart([...truth, ...forecasts], {
        title: `First test window: ${results.horizon} steps ahead, ${strategy === 'one-step' ? 'iterative' : strategy}`,
        xTitle: 'step (0 = last input)',
        yTitle: 'value',
        dashed: ['truth'],
      }),
    );
  }
}
