import { spawn } from 'node:child_process';

/** How a CLI run ended, and what it printed. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an app's CLI (`src/main.ts` under `root`, from source) in a child process, for tests;
 * `onLine` sees each line of its output and may signal the process (Ctrl-C, a kill).
 */
export function runCli(
  root: string,
  args: string[],
  onLine?: (line: string, kill: (signal: NodeJS.Signals) => void) => void,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@seq/source', 'src/main.ts', ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (onLine)
        for (const line of chunk.toString().split('\n'))
          onLine(line, (signal) => child.kill(signal));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
