import { describe, expect, it } from 'vitest';
import { type CliSpec, choiceOption, helpText, listOption, numberOption, parseCli } from './cli.js';
import { formatNumber, formatTable } from './format-table.js';
import { UsageError } from './usage-error.js';

const spec: CliSpec = {
  app: 'demo',
  usage: 'demo [options]',
  summary: 'Does a demo.',
  options: {
    epochs: { type: 'string', value: '<n>', description: 'training epochs', defaultText: '10' },
    quick: { type: 'boolean', description: 'a small run' },
    models: { type: 'string', value: '<list>', description: 'which models' },
  },
};

describe('parseCli', () => {
  it('reads options, flags and --help', () => {
    const parsed = parseCli(spec, ['--epochs', '3', '--quick']);
    expect(parsed.values).toEqual({ epochs: '3', quick: true });
    expect(parsed.help).toBe(false);
    expect(numberOption(parsed, 'epochs', 10, { min: 1, integer: true })).toBe(3);
    expect(parseCli(spec, ['--help']).help).toBe(true);
    expect(helpText(spec)).toMatch(/--epochs <n> +training epochs \(default: 10\)/);
    expect(helpText(spec)).toMatch(/--help +print this text/);
  });

  it('rejects unknown options and bad values with one line naming the option', () => {
    expect(() => parseCli(spec, ['--epoch', '3'])).toThrow(UsageError);
    expect(() => parseCli(spec, ['--epoch', '3'])).toThrow(
      /Unknown option '--epoch'.*\(see --help\)$/,
    );
    expect(() => parseCli(spec, ['--epochs'])).toThrow(/--epochs/);
    const parsed = parseCli(spec, ['--epochs', '2.5', '--models', 'gru,nope']);
    expect(() => numberOption(parsed, 'epochs', 10, { min: 1, integer: true })).toThrow(
      '--epochs must be an integer of at least 1; received "2.5"',
    );
    expect(() => listOption(parsed, 'models', ['gru', 'lstm'], ['gru'])).toThrow(
      '--models must be a comma-separated list of gru, lstm; received "gru,nope"',
    );
    expect(() =>
      choiceOption(parseCli(spec, ['--models', 'x']), 'models', ['a', 'b'], 'a'),
    ).toThrow('--models must be one of a, b; received "x"');
    expect(
      listOption(parseCli(spec, ['--models', 'lstm, gru,lstm']), 'models', ['gru', 'lstm'], []),
    ).toEqual(['lstm', 'gru']);
  });
});

describe('formatTable', () => {
  it('aligns columns as a Markdown table, numbers to the right', () => {
    const table = formatTable(
      [
        { name: 'naive', mae: 0.1234567 },
        { name: 'gru', mae: Number.NaN },
      ],
      [
        { heading: 'model', value: (r) => r.name },
        { heading: 'MAE', value: (r) => formatNumber(r.mae), numeric: true },
      ],
    );
    expect(table).toBe(
      ['| model |    MAE |', '| ----- | -----: |', '| naive | 0.1235 |', '| gru   |      - |'].join(
        '\n',
      ),
    );
  });
});
