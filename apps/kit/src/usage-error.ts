/**
 * A problem with what the user asked for (an option, a data file) rather than with the program:
 * `runMain` prints its message as one line and exits with code 2, without a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
