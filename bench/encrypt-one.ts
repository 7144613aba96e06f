/**
 * One encryption run for bench/encrypt.bench.ts, in its own process so that its peak RSS is its
 * own: `node --import tsx bench/encrypt-one.ts age|openpgp <in> <out> <recipient key or .asc file>`.
 * `age` is the production path (server/delivery/recipient-encryption.ts); `openpgp` is openpgp.js
 * 6 streaming (web streams), the alternative the decision record weighs.
 */
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as openpgp from 'openpgp';
import { encryptForRecipient } from '../server/delivery/recipient-encryption';

const [library, input, output, recipient] = process.argv.slice(2) as [string, string, string, string];

async function main(): Promise<void> {
  if (library === 'age') {
    await pipeline(encryptForRecipient(createReadStream(input), recipient), createWriteStream(output));
    return;
  }
  const key = await openpgp.readKey({ armoredKey: readFileSync(recipient, 'utf8') });
  const message = await openpgp.createMessage({ binary: Readable.toWeb(createReadStream(input)) as unknown as ReadableStream<Uint8Array> });
  const encrypted = (await openpgp.encrypt({ message, encryptionKeys: key, format: 'binary' })) as unknown as WebReadableStream<Uint8Array>;
  await pipeline(Readable.fromWeb(encrypted), createWriteStream(output));
}

await main();
