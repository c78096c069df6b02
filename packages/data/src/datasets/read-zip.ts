import { SeqError } from '@seq/core';
import { crc32 } from './crc32.js';

/** A file read from a zip archive. */
export interface ZipEntry {
  /** Its path in the archive, as written there (never used as a path on disk). */
  name: string;
  /** Its bytes, inflated and checked against the archive's CRC-32. */
  data: Uint8Array;
}

const OWNER = 'readZipEntries';
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const decoder = new TextDecoder();

function corrupt(receivedDescription: string, cause?: unknown): SeqError {
  return new SeqError({
    owner: OWNER,
    argument: 'archive',
    expected: 'a zip archive (stored or deflated entries, no zip64, no encryption)',
    receivedDescription,
    cause,
  });
}

/**
 * Reads the files of a zip archive held in memory whose names `keep` accepts: it walks the central
 * directory, inflates each kept entry (`node:zlib` `inflateRaw`, at most its declared size) and
 * checks its size and CRC-32.
 * Nothing is written to disk, so no entry name can reach outside a folder. Node only.
 *
 * @param bytes - The whole archive.
 * @param keep - Which files to read, by their name in the archive. @defaultValue every file
 * @returns The kept files, in central-directory order (folders are left out).
 * @throws {@link @seq/core!index.SeqError} for bytes that are not a zip archive, zip64 or encrypted
 *   entries, an unknown compression method, deflated data that is broken or inflates past the entry's
 *   declared size (never inflated further), or an entry whose size or CRC-32 is wrong.
 * @example
 * ```ts
 * const [fra] = await readZipEntries(await readFile('fra-eng.zip'), (n) => n.endsWith('fra.txt'));
 * ```
 */
export async function readZipEntries(
  bytes: Uint8Array,
  keep: (name: string) => boolean = () => true,
): Promise<ZipEntry[]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw corrupt(`${bytes.length} bytes without an end of central directory`);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw corrupt('a zip64 archive');
  const { inflateRawSync } = await import('node:zlib');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_HEADER) {
      throw corrupt(`a broken central directory at byte ${at}`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;
    if (name.endsWith('/') || !keep(name)) continue;
    if (flags & 1) throw corrupt(`an encrypted entry ${JSON.stringify(name)}`);
    if (packed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) {
      throw corrupt('a zip64 archive');
    }
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_HEADER) {
      throw corrupt(`a broken local header for ${JSON.stringify(name)}`);
    }
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + packed);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      // Never inflate past the declared size: a few bytes can claim 10 and hold gigabytes of zeros.
      let inflated: Buffer;
      try {
        inflated = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw corrupt(
          `${JSON.stringify(name)} that does not inflate to ${size} bytes (${reason})`,
          error,
        );
      }
      data = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
    } else throw corrupt(`compression method ${method} for ${JSON.stringify(name)}`);
    if (data.length !== size || crc32(data) !== crc) {
      throw corrupt(`${JSON.stringify(name)} with a wrong size or CRC-32`);
    }
    entries.push({ name, data });
  }
  return entries;
}
