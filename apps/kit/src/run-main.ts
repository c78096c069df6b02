import { SeqError } from '@seq/core';
import { UsageError } from './usage-error.js';

/** Exit code of a run stopped by Ctrl-C after saving (128 + SIGINT, as shells report it). */
export const INTERRUPTED_EXIT_CODE = 130;

/** Thrown to end a run early with a message and an exit code (a NaN loss, an interruption). */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Error codes of Node's file functions that mean "the path you gave is not usable". */
const FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'EROFS', 'ENOSPC']);

/**
 * Runs an app's main function: bad options, unreadable data and invalid arguments (`UsageError`,
 * `SeqError`, file errors) print one line, `<app>: <message>`, and exit with code 2; an
 * `ExitError` prints its message and exits with its code; anything else is a bug and prints its
 * stack (exit code 1).
 */
export async function runMain(app: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (error instanceof UsageError || error instanceof SeqError) {
      console.error(`${app}: ${error.message}`);
      process.exitCode = 2;
    } else if (typeof code === 'string' && FILE_ERRORS.has(code)) {
      const file = (error as NodeJS.ErrnoException).path;
      console.error(`${app}: cannot use ${file ?? 'a file'}: ${code}`);
      process.exitCode = 2;
    } else if (error instanceof ExitError) {
      console.error(`${app}: ${error.message}`);
      process.exitCode = error.exitCode;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  }
}
