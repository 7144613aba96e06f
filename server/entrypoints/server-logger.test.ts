/**
 * The terminal stays readable: request records never reach it, a notable event is one line, and
 * the serve banner says where the demo passwords are without printing them; LOG_FILE gets every
 * record, requests included, as JSON.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { serveBanner } from './serve-banner';
import { serverLogger, terminalLine } from './server-logger';

describe('terminal log lines', () => {
  it('leaves out request records and prints a notable event as one line', () => {
    expect(terminalLine({ level: 30, time: 0, reqId: 'req-1', req: { method: 'GET', url: '/api/v1/health' }, msg: 'incoming request' })).toBeNull();
    expect(terminalLine({ level: 30, time: 0, reqId: 'req-1', res: { statusCode: 200 }, msg: 'request completed' })).toBeNull();
    expect(terminalLine({ level: 40, time: Date.UTC(2026, 11, 8, 10, 42, 7), msg: 'could not remove the staged bytes\nof expired uploads', err: { message: 'EACCES' } })).toBe(
      '10:42:07 WARN  could not remove the staged bytes of expired uploads: EACCES',
    );
    expect(terminalLine({ level: 50, time: 0, reqId: 'req-2', msg: 'unexpected error', err: { message: 'boom' } })).toBe('00:00:00 ERROR unexpected error: boom');
  });

  it('writes every record, requests included, to LOG_FILE as JSON', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'egress-log-')), 'logs', 'egress.log');
    const logger = serverLogger({ logLevel: 'info', logFormat: 'lines', logFile: file }, { quiet: true, redact: [] });
    logger.info({ reqId: 'req-1', req: { method: 'GET' } }, 'incoming request');
    logger.warn('disk nearly full');
    logger.flush();
    const messages = () =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { msg: string }).msg);
    await vi.waitFor(() => expect(messages()).toEqual(['incoming request', 'disk nearly full']));
  });
});

describe('the serve banner', () => {
  it('names the demo accounts and the file with their passwords, never the passwords', () => {
    const banner = serveBanner(
      {
        url: 'http://127.0.0.1:8080',
        loopbackForDemo: true,
        secondFactorOptional: true,
        environmentNetworks: ['127.0.0.0/8', '::1'],
        demoAccounts: [{ email: 'investigator@demo.example', password: 'Secret-Demo-Password-1', systemRole: 'standard', projectRole: 'investigator' }] as never,
      },
      { dataDir: '/srv/egress' },
      true,
    ).join('\n');
    expect(banner).toContain('/srv/egress/demo-accounts.txt');
    expect(banner).toContain('investigator@demo.example');
    expect(banner).not.toContain('Secret-Demo-Password-1');
    expect(banner).toContain('the second factor (TOTP) is optional');
  });
});
