import { expect, it } from 'vitest';

// The public surface of @seq/data. A change here is a change for users: it needs a changeset.
it('exports exactly this API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'ColumnScaler',
    'MinMaxScaler',
    'StandardScaler',
    'fitLinearAutoregression',
    'forecastDataset',
    'generateTimeSeries',
    'mae',
    'mape',
    'mase',
    'mse',
    'naiveForecast',
    'parseCsv',
    'parseCsvSeries',
    'parseTimestamp',
    'readCsvSeries',
    'rmse',
    'seasonalNaiveForecast',
    'smape',
    'splitByTime',
    'timeseriesDatasetFromArray',
  ]);
});
