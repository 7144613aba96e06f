/** A file on disk as the bundle verifier's random-access source: positioned reads, never the whole file in memory. */
import { open, type FileHandle } from 'node:fs/promises';
import type { RandomAccessSource } from '../../common/bundle/random-access';

export interface OpenFileSource extends RandomAccessSource {
  close(): Promise<void>;
}

async function readExactly(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.allocUnsafe(length);
  for (let done = 0; done < length;) {
    const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
    if (bytesRead === 0) throw new Error(`the file ended at ${offset + done} bytes while being read (did it change?)`);
    done += bytesRead;
  }
  return buffer;
}

/** Opens a file for positioned reads; the caller closes it. Throws the file system's error (ENOENT, EISDIR…). */
export async function openFileSource(path: string): Promise<OpenFileSource> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${path} is not a file`);
    return { size: stat.size, read: (offset, length) => readExactly(handle, offset, length), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
