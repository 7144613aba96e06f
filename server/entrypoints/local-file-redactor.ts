/**
 * `egress redact`'s redactor: the Redactor port (server/redaction/staged-redactor.ts) on a local
 * file, its type detected from its content as an upload's is, with a preset's thresholds.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OfflineRedactor } from '../cli/cli-root';
import { detectMediaType } from '../checks/formats/detect-type';
import { PRESETS } from '../checks/shared/presets';
import { DomainError } from '../domain/errors';
import type { Redactor } from '../ports/redactor';

const HEAD_BYTES = 64 * 1024;

async function head(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function localFileRedactor(redactor: Redactor): OfflineRedactor {
  return {
    listOperations: () => redactor.listOperations(),
    async redactFile(path, options) {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) throw new DomainError('validation.invalid_input', `"${path}" is not a file`);
      const name = basename(path);
      const mediaType = await detectMediaType(name, await head(path));
      return redactor.redact({
        operation: options.operation,
        parameters: options.parameters,
        source: { name, mediaType, bytes: info.size, content: createReadStream(path) },
        scanParameters: PRESETS[options.preset],
        targets: [],
      });
    },
  };
}
