/**
 * What every seq demo app shares: strict command-line options with `--help`, backend choice, one
 * clear line and exit code 2 for bad input, run folders and atomic JSON, progress bars, tables,
 * charts rendered to SVG and PNG in Node, and training that checkpoints every epoch and resumes
 * exactly.
 *
 * @packageDocumentation
 */
export {
  type ChartPoint,
  type LineChartOptions,
  lineChart,
  renderSvg,
  svgToPng,
  writeChart,
} from './charts.js';
export {
  type CliSpec,
  choiceOption,
  helpText,
  listOption,
  numberOption,
  type OptionSpec,
  type ParsedCli,
  parseCli,
  stringOption,
} from './cli.js';
export { disposeModel } from './dispose-model.js';
export { formatNumber, formatTable, type TableColumn } from './format-table.js';
export { Interrupt } from './interrupt.js';
export { type ResolvedRun, type ResolveRunOptions, resolveRun } from './resolve-run.js';
export { type CliRun, runCli } from './run-cli.js';
export { defaultRunFolder, readJson, writeJson } from './run-folder.js';
export { ExitError, INTERRUPTED_EXIT_CODE, runMain } from './run-main.js';
export { selectBackend } from './select-backend.js';
export { type TrainCommand, trainCommand } from './train-command.js';
export {
  type EpochLogs,
  type TrainResumableOptions,
  type TrainResumableResult,
  trainResumable,
} from './train-resumable.js';
export { TrainingProgress } from './training-progress.js';
export { UsageError } from './usage-error.js';
