import { SeqError } from '@seq/core';

/** A regular file read from a tar archive. */
export interface TarEntry {
  /** Its path in the archive, as written there (never used as a path on disk). */
  name: string;
  /** Its bytes. */
  data: Uint8Array;
}

const BLOCK = 512;
const OWNER = 'readTarEntries';
/** The most bytes a GNU `L` long name or a pax `x` header may hold. */
const MAX_META = 1024 * 1024;
const decoder = new TextDecoder();

/** A queue of byte chunks that can give back or drop an exact number of bytes. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }

  /** Removes `n` bytes (at most `length`), copying them into `out` when given. */
  private consume(n: number, out?: Uint8Array): void {
    let done = 0;
    while (done < n) {
      const chunk = this.chunks[0] as Uint8Array;
      const k = Math.min(chunk.byteLength - this.head, n - done);
      out?.set(chunk.subarray(this.head, this.head + k), done);
      done += k;
      this.head += k;
      if (this.head === chunk.byteLength) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.length -= n;
  }

  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    this.consume(n, out);
    return out;
  }

  /** Drops up to `n` bytes; returns how many were dropped. */
  skip(n: number): number {
    const k = Math.min(n, this.length);
    this.consume(k);
    return k;
  }
}

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

function corrupt(receivedDescription: string): SeqError {
  return new SeqError({
    owner: OWNER,
    argument: 'archive',
    expected: 'a tar archive (ustar, GNU or pax)',
    receivedDescription,
  });
}

/**
 * A numeric header field: octal digits (up to a NUL, padded with spaces), or GNU base-256. Anything
 * else (an empty field too), or a value past 2^53, is a corrupt header: it would give NaN and wreck
 * the byte counts.
 */
function octal(block: Uint8Array, start: number, length: number, what: string, at: number): number {
  let value: number;
  let shown: string;
  if ((block[start] as number) & 0x80) {
    // GNU base-256: big-endian binary in the rest of the field (a negative one, 0xff..., is too big).
    value = (block[start] as number) & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (block[i] as number);
    shown = `base-256 ${value} (too big)`;
  } else {
    const digits = text(block, start, length).trim();
    shown = `${JSON.stringify(digits)} (not octal)`;
    value = /^[0-7]+$/.test(digits) ? Number.parseInt(digits, 8) : Number.NaN;
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw corrupt(`a header whose ${what} field is ${shown} at byte ${at}`);
  }
  return value;
}

interface Header {
  name: string;
  size: number;
  type: string;
}

function parseHeader(block: Uint8Array, offset: number): Header {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  const stored = octal(block, 148, 8, 'checksum', offset);
  if (stored !== sum) {
    throw corrupt(`a header with a wrong checksum at byte ${offset}`);
  }
  const name = text(block, 0, 100);
  const prefix = text(block, 257, 6).startsWith('ustar') ? text(block, 345, 155) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    size: octal(block, 124, 12, 'size', offset),
    type: String.fromCharCode(block[156] as number),
  };
}

/** The `path` record of a pax extended header, if any. */
function paxPath(data: Uint8Array): string | undefined {
  const records = decoder.decode(data);
  let path: string | undefined;
  for (const match of records.matchAll(/\d+ ([^=\n]+)=([^\n]*)\n/g)) {
    if (match[1] === 'path') path = match[2];
  }
  return path;
}

/**
 * Reads a tar archive from a stream of byte chunks (a gunzipped `.tar.gz`, for instance) and yields
 * the regular files whose names `keep` accepts, each whole in memory; every other entry is skipped
 * as it streams by, without being held. Reads ustar, GNU (`L` long names, base-256 sizes) and pax
 * (`path`) headers. Nothing is written to disk, so no entry name can reach outside a folder.
 *
 * @param chunks - The archive's bytes, in order (a Node stream or any async iterable).
 * @param keep - Which files to yield, by their name in the archive.
 * @returns The kept files, in archive order.
 * @throws {@link @seq/core!index.SeqError} for a header with a wrong checksum or a size or checksum
 *   field that is not a number, a long-name or pax header over 1 MiB, or an archive that ends inside
 *   an entry.
 * @example
 * ```ts
 * const tar = createReadStream('aclImdb_v1.tar.gz').pipe(createGunzip());
 * for await (const { name, data } of readTarEntries(tar, (n) => n.endsWith('.txt'))) console.log(name);
 * ```
 */
export async function* readTarEntries(
  chunks: AsyncIterable<Uint8Array>,
  keep: (name: string) => boolean,
): AsyncGenerator<TarEntry> {
  const queue = new ByteQueue();
  let offset = 0;
  let header: Header | undefined;
  let longName: string | undefined;
  let remaining = 0; // bytes of a skipped entry (data and padding) still to drop
  let ended = false;
  for await (const chunk of chunks) {
    if (ended) continue;
    queue.push(chunk);
    for (;;) {
      if (remaining > 0) {
        const k = queue.skip(remaining);
        remaining -= k;
        offset += k;
        if (remaining > 0) break;
      }
      if (header === undefined) {
        if (queue.length < BLOCK) break;
        const block = queue.take(BLOCK);
        if (block.every((b) => b === 0)) {
          ended = true;
          break;
        }
        header = parseHeader(block, offset);
        offset += BLOCK;
        if (longName !== undefined) {
          header.name = longName;
          longName = undefined;
        }
      }
      const padded = Math.ceil(header.size / BLOCK) * BLOCK;
      const { type, name, size } = header;
      const meta = type === 'L' || type === 'x';
      if (meta && size > MAX_META) {
        // A long name or pax record is a few hundred bytes; a huge one would be held in memory.
        const kind = type === 'L' ? 'GNU long-name' : 'pax';
        throw corrupt(
          `a ${kind} header of ${size} bytes (at most ${MAX_META}) at byte ${offset - BLOCK}`,
        );
      }
      const wanted = (type === '0' || type === '\0' || type === '7') && keep(name);
      if (!meta && !wanted) {
        remaining = padded;
        header = undefined;
        continue;
      }
      if (queue.length < padded) break;
      const data = queue.take(padded).subarray(0, size);
      offset += padded;
      header = undefined;
      if (type === 'L') longName = text(data, 0, size);
      else if (type === 'x') longName = paxPath(data);
      else yield { name, data };
    }
  }
  if (!ended && (header !== undefined || remaining > 0 || queue.length > 0)) {
    throw corrupt(`an archive cut off at byte ${offset + queue.length}`);
  }
}
