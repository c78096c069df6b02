/** Called as a download goes: bytes received so far, and the total when the server or the source says it. */
export type DownloadProgress = (loaded: number, total: number | undefined) => void;

const WIDTH = 24;
const MB = 1024 * 1024;

/**
 * A one-line progress bar on stderr, redrawn in place (`\r`), for a download named `label`; it ends
 * the line once, when the total is reached, and draws nothing after. Returns `undefined` (no bar)
 * where stderr is not a terminal, so logs and CI output stay clean.
 *
 * @param label - What is being downloaded, e.g. `'aclImdb_v1.tar.gz'`.
 * @param stream - Where to draw. @defaultValue `process.stderr`
 * @returns The progress callback, or `undefined` when `stream` is not a TTY.
 * @example
 * ```ts
 * const onProgress = stderrProgressBar('input.txt');
 * onProgress?.(557_697, 1_115_394); // input.txt [############............]  50%  0.5/1.1 MB
 * ```
 */
export function stderrProgressBar(
  label: string,
  stream: { isTTY?: boolean; write(text: string): unknown } | undefined = globalThis.process
    ?.stderr,
): DownloadProgress | undefined {
  if (stream?.isTTY !== true) return undefined;
  let last = -1;
  let lastTime = 0;
  let finished = false;
  return (loaded, total) => {
    // The line ends once; later calls (more bytes than the total said) draw nothing.
    if (finished) return;
    const done = total !== undefined && loaded >= total;
    const now = Date.now();
    if (!done && now - lastTime < 100) return;
    const fraction = total ? Math.min(1, loaded / total) : 0;
    const percent = Math.floor(fraction * 100);
    if (!done && total !== undefined && percent === last) return;
    last = percent;
    lastTime = now;
    finished = done;
    const size = `${(loaded / MB).toFixed(1)}${total ? `/${(total / MB).toFixed(1)}` : ''} MB`;
    const bar = total
      ? `[${'#'.repeat(Math.round(fraction * WIDTH)).padEnd(WIDTH, '.')}] ${String(percent).padStart(3)}%  `
      : '';
    stream.write(`\r${label} ${bar}${size}${done ? '\n' : ''}`);
  };
}
