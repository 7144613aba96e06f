import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { putSmallFile } from './push-put';

/** A server on loopback that answers each request with the next of `answers` (status, body), and counts them. */
async function answering(answers: [number, unknown][]): Promise<{ server: Server; address: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const [status, body] = answers[Math.min(requests, answers.length - 1)]!;
      requests++;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, address: `http://127.0.0.1:${port}`, requests: () => requests };
}

describe('sending a small file in one request', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((done) => done()));

  async function send(answers: [number, unknown][]) {
    const dir = mkdtempSync(join(tmpdir(), 'egress-put-'));
    const localPath = join(dir, 't1.csv');
    writeFileSync(localPath, 'region,n\nNorth,12\n');
    const { server, address, requests } = await answering(answers);
    cleanup.push(() => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const target = { server: address, token: 't', packageId: 'p1', stateFile: join(dir, 'state.json'), chunkSize: 1024, retryDelays: [1, 1] };
    const outcome = await putSmallFile(target, { localPath, packagePath: 't1.csv', bytes: statSync(localPath).size, mtimeMs: 0 });
    return { outcome, requests: requests() };
  }

  it('tries again after a 5xx, up to its retry delays', async () => {
    const { outcome, requests } = await send([[503, { error: { code: 'unavailable', message: 'try later' } }]]);
    expect(requests).toBe(3);
    expect(outcome).toMatchObject({ kind: 'failed', reachable: true, message: 'the server answered 503: try later' });
  });

  it('does not send again after a 2xx it cannot trust (the same bytes would get the same answer)', async () => {
    const { outcome, requests } = await send([
      [503, {}],
      [200, { unexpected: true }],
    ]);
    expect(requests).toBe(2);
    expect(outcome).toEqual({ kind: 'failed', reachable: true, message: 'the server answered 200 without the recorded file' });
  });

  it('does not send again after a refusal', async () => {
    const { outcome, requests } = await send([[409, { error: { code: 'package.not_editable', message: 'the package is in review' } }]]);
    expect(requests).toBe(1);
    expect(outcome).toEqual({ kind: 'refused', status: 409, code: 'package.not_editable', message: 'the package is in review' });
  });
});
