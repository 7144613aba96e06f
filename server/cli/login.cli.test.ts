/**
 * `egress login` / `egress logout` against a real server listening on 127.0.0.1, and the
 * credentials file that later commands read with loadCredentials().
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '../commands/api-tokens.commands';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld } from '../testing/factories';
import { personIn } from '../testing/world-lifecycle';
import { buildApp } from '../http/app';
import { TEST_LIMITS, TEST_IDENTITY } from '../http/app.testing';
import type { App } from '../http/types';
import { credentialsPath, loadCredentials } from './credentials';
import type { Io } from './output';
import { runCli } from './program';
import { cliRoot } from '../entrypoints/cli-root';

function captureIo(stdin = ''): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    readFile: async (p) => readFileSync(p, 'utf8'),
    readStdin: async () => stdin,
  };
}

const noServe = cliRoot(async () => 99);
const freshEnv = () => ({ EGRESS_CONFIG_DIR: join(mkdtempSync(join(tmpdir(), 'egress-login-')), 'config') });

describe.each(TEST_DIALECTS)('egress login against a server on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  let app: App;
  let server: string;
  const egress = (args: string[], io: Io, env: Record<string, string>) => runCli(['node', 'egress', ...args], io, noServe, env);
  const tokenFor = async (key: string, input: Record<string, unknown> = {}) =>
    createApiToken(personIn(world, key).ctx, { name: 'laptop', projectId: world.projectId, scopes: ['packages:read', 'packages:write'], ...input });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
    app = await buildApp({ db: database.db, clock: world.clock, limits: TEST_LIMITS, cookieSecure: 'auto', identity: TEST_IDENTITY, version: 'test' });
    server = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('checks the token with the server and stores it in a file only its owner can read', async () => {
    const { secret, token } = await tokenFor('researcher', { name: 'CI' });
    const env = freshEnv();
    const io = captureIo(`${secret}\n`);
    expect(await egress(['login', '--server', `${server}/`, '--project', world.projectId], io, env)).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(io.stdout).toEqual([
      `Signed in to ${server} as researcher <researcher@example.org> for the project "Test project" (${world.projectId}).`,
      `Token egr_${token.prefix}… "CI": packages:read, packages:write; expires ${token.expiresAt}.`,
      `Saved to ${credentialsPath(env)} (readable only by you).`,
    ]);
    const path = credentialsPath(env);
    expect(path).toBe(join(env.EGRESS_CONFIG_DIR, 'credentials.json'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(env.EGRESS_CONFIG_DIR).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ server, token: secret, projectId: world.projectId });
    expect(await loadCredentials(env)).toEqual({ server, token: secret, projectId: world.projectId });
  });

  it('replaces earlier credentials on a second login, still readable only by the owner', async () => {
    const env = freshEnv();
    const first = await tokenFor('investigator');
    const second = await tokenFor('investigator', { name: 'second' });
    expect(await egress(['login', '--server', server], captureIo(first.secret), env)).toBe(0);
    expect(await egress(['login', '--server', server, '--token-stdin'], captureIo(second.secret), env)).toBe(0);
    expect((await loadCredentials(env)).token).toBe(second.secret);
    expect(statSync(credentialsPath(env)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['an unknown token', async () => `egr_${'Z'.repeat(43)}`, 'the server refused the token: This API token is not known'],
    [
      'a revoked token',
      async () => {
        const { secret, token } = await tokenFor('researcher');
        await revokeApiToken(personIn(world, 'researcher').ctx, token.id);
        return secret;
      },
      'the server refused the token: This API token was revoked',
    ],
  ])('refuses %s with exit code 1 and a clear message, saving nothing', async (_label, secretOf, message) => {
    const env = freshEnv();
    const io = captureIo(await secretOf());
    expect(await egress(['login', '--server', server], io, env)).toBe(1);
    expect(io.stderr.join('\n')).toContain(message);
    expect(io.stderr.join('\n')).toContain('(token.invalid)');
    expect(existsSync(credentialsPath(env))).toBe(false);
  });

  it('refuses a token for another project than --project with exit code 1, saving nothing', async () => {
    const { secret } = await tokenFor('researcher');
    const env = freshEnv();
    const io = captureIo(secret);
    expect(await egress(['login', '--server', server, '--project', 'another-project'], io, env)).toBe(1);
    expect(io.stderr).toEqual([`egress: this token is for the project "Test project" (${world.projectId}), not another-project; nothing was saved`]);
    expect(existsSync(credentialsPath(env))).toBe(false);
  });

  it.each([
    ['no token on standard input', ['--server', 'http://127.0.0.1:1'], '', 'give the API token on standard input'],
    ['something that is not a token', ['--server', 'http://127.0.0.1:1'], 'hunter2', 'not an Egress API token'],
    ['a server that is not an http(s) address', ['--server', 'ftp://example.org'], `egr_${'a'.repeat(43)}`, '--server must be the server'],
  ])('exits 2 for %s without asking any server', async (_label, args, stdin, message) => {
    const env = freshEnv();
    const io = captureIo(stdin);
    expect(await egress(['login', ...args], io, env)).toBe(2);
    expect(io.stderr.join('\n')).toContain(message);
    expect(existsSync(credentialsPath(env))).toBe(false);
  });

  it('never accepts the token as an argument', async () => {
    const io = captureIo();
    expect(await egress(['login', '--server', server, '--token', `egr_${'a'.repeat(43)}`], io, freshEnv())).toBe(2);
    expect(io.stderr.join('\n')).toContain("unknown option '--token'");
  });

  it('exits 1 naming the server when it cannot be reached', async () => {
    const closed = await buildApp({ db: database.db, clock: world.clock, limits: TEST_LIMITS, cookieSecure: 'auto', identity: TEST_IDENTITY, version: 'test' });
    const address = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const io = captureIo((await tokenFor('researcher')).secret);
    expect(await egress(['login', '--server', address], io, freshEnv())).toBe(1);
    expect(io.stderr.join('\n')).toContain(`could not reach ${address}`);
  });

  it('logs out by deleting the credentials file, after which loadCredentials says to log in', async () => {
    const env = freshEnv();
    expect(await egress(['login', '--server', server], captureIo((await tokenFor('dpr')).secret), env)).toBe(0);
    const io = captureIo();
    expect(await egress(['logout'], io, env)).toBe(0);
    expect(io.stdout[0]).toBe(`Signed out: removed ${credentialsPath(env)}.`);
    expect(existsSync(credentialsPath(env))).toBe(false);
    await expect(loadCredentials(env)).rejects.toMatchObject({ code: 'auth.unauthenticated', message: expect.stringContaining('egress login') });
    const again = captureIo();
    expect(await egress(['logout'], again, env)).toBe(0);
    expect(again.stdout[0]).toContain('Not signed in');
  });
});

describe('loadCredentials', () => {
  const valid = { server: 'https://egress.example.org', token: `egr_${'b'.repeat(43)}`, projectId: 'p1' };
  const write = (content: string, mode: number) => {
    const env = freshEnv();
    const path = credentialsPath(env);
    mkdirSync(env.EGRESS_CONFIG_DIR, { recursive: true });
    writeFileSync(path, content, { mode });
    chmodSync(path, mode);
    return env;
  };

  it('reads a valid file readable only by its owner', async () => {
    expect(await loadCredentials(write(JSON.stringify(valid), 0o600))).toEqual(valid);
  });

  it('refuses a file that other users can read, like ssh does', async () => {
    await expect(loadCredentials(write(JSON.stringify(valid), 0o644))).rejects.toMatchObject({ code: 'auth.unauthenticated', message: expect.stringContaining('can be read by other users') });
  });

  it.each([
    ['not JSON', '{'],
    ['a token that is not one', JSON.stringify({ ...valid, token: 'x' })],
    ['a server that is not http(s)', JSON.stringify({ ...valid, server: 'file:///etc' })],
    ['an unknown field', JSON.stringify({ ...valid, password: 'x' })],
  ])('refuses a file with %s', async (_label, content) => {
    await expect(loadCredentials(write(content, 0o600))).rejects.toMatchObject({ code: 'auth.unauthenticated' });
  });

  it('uses ~/.config/egress when EGRESS_CONFIG_DIR is not set', () => {
    expect(credentialsPath({ HOME: '/home/ada' })).toBe('/home/ada/.config/egress/credentials.json');
  });
});
