/**
 * One encryption run for bench/encrypt.bench.ts, in its own process so that its peak RSS is its
 * own: `node --import tsx bench/encrypt-one.ts age|age-js|openpgp <in> <out> <recipient key or .asc file>`.
 * `age` is the production path (server/delivery/recipient-encryption.ts, node:crypto); `age-js` is
 * the age-encryption library (pure JavaScript, the first implementation); `openpgp` is openpgp.js
 * 6 streaming (web streams), the alternative the decision record weighs.
 */
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Encrypter } from 'age-encryption';
import * as openpgp from 'openpgp';
import { encryptForRecipient } from '../server/delivery/recipient-encryption';
import { BLOB_READ_BYTES } from '../server/storage/fs.blob-store';

const [library, input, output, recipient] = process.argv.slice(2) as [string, string, string, string];

async function main(): Promise<void> {
  if (library === 'age') {
    // Read as the local blob store reads a bundle for the release job.
    await pipeline(encryptForRecipient(createReadStream(input, { highWaterMark: BLOB_READ_BYTES }), recipient), createWriteStream(output));
    return;
  }
  if (library === 'age-js') {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const encrypted = (await encrypter.encrypt(Readable.toWeb(createReadStream(input)) as unknown as ReadableStream<Uint8Array>)) as unknown as WebReadableStream<Uint8Array>;
    await pipeline(Readable.fromWeb(encrypted), createWriteStream(output));
    return;
  }
  const key = await openpgp.readKey({ armoredKey: readFileSync(recipient, 'utf8') });
  const message = await openpgp.createMessage({ binary: Readable.toWeb(createReadStream(input)) as unknown as ReadableStream<Uint8Array> });
  const encrypted = (await openpgp.encrypt({ message, encryptionKeys: key, format: 'binary' })) as unknown as WebReadableStream<Uint8Array>;
  await pipeline(Readable.fromWeb(encrypted), createWriteStream(output));
}

const started = performance.now();
await main();
// The encryption alone, without Node's and tsx's start-up (what a release job pays), for the bench's table.
console.log(`in-process seconds ${((performance.now() - started) / 1000).toFixed(3)}`);
