/**
 * The bundle signing key's lifecycle on SQLite and PostgreSQL, with the real key file: created
 * on the embedded default's first start (mode 0600, audited), refused when readable by others,
 * corrupt, missing when listed or missing at a configured path; rotation keeps earlier keys
 * listed; a new file at a configured path is registered at the next start and the previous key
 * retired; a retired key never signs again.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileKeyStore } from '../bundles/key-file';
import { bundleKeyLocation } from '../config/bundle-key';
import { ConfigError } from '../config/config';
import { type TestDatabase, TEST_DIALECTS, createTestDatabase } from '../testing/databases';
import { manualClock } from '../ports/clock';
import { currentBundleSigner, listBundleKeys, rotateBundleKey } from './bundle-keys.commands';
import { type CommandContext, systemActor } from './context';

const newKeyPem = (type: 'ed25519' | 'x25519' = 'ed25519'): string => generateKeyPairSync(type as 'ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

describe.each(TEST_DIALECTS)('bundle signing keys on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let ctx: CommandContext;
  const clock = manualClock();
  const audits = async (action: string) => database.db.selectFrom('audit_events').select('summary').where('action', '=', action).execute();
  const codeOf = async (work: Promise<unknown>): Promise<string | undefined> => work.then(() => undefined).catch((e: { code?: string }) => e.code);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    ctx = { db: database.db, clock, actor: systemActor('server start') };
  }, 60_000);
  afterAll(async () => database.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'egress-keys-'));
    await database.db.deleteFrom('bundle_keys').execute();
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('creates the key on the first start (0600, PKCS#8 Ed25519), lists it as current and audits it; the next start reuses it', async () => {
    const store = fileKeyStore(join(dir, 'data', 'bundle-signing-key.pem'), true);
    const before = (await audits('bundle_key.created')).length;
    const signer = await currentBundleSigner(ctx, store);
    expect((await stat(store.location)).mode & 0o777).toBe(0o600);
    expect(await readFile(store.location, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(signer.fingerprint).toBe(createHash('sha256').update(signer.publicKey).digest('hex'));
    expect(await listBundleKeys(database.db)).toEqual([expect.objectContaining({ fingerprint: signer.fingerprint, current: true, retiredAt: null, algorithm: 'Ed25519' })]);
    const created = await audits('bundle_key.created');
    expect(created).toHaveLength(before + 1);
    expect(JSON.parse(created.at(-1)?.summary ?? '{}')).toMatchObject({ fingerprint: signer.fingerprint, source: 'created', retired: [] });
    expect(JSON.stringify(created)).not.toContain('PRIVATE');

    const again = await currentBundleSigner(ctx, store);
    expect(again.fingerprint).toBe(signer.fingerprint);
    expect(await listBundleKeys(database.db)).toHaveLength(1);
  });

  it('refuses a key file that group or others can read, and one that is not an Ed25519 private key', async () => {
    const path = join(dir, 'key.pem');
    await writeFile(path, newKeyPem(), { mode: 0o600 });
    await chmod(path, 0o640);
    expect(await codeOf(currentBundleSigner(ctx, fileKeyStore(path, false)))).toBe('bundle_key.insecure');
    await chmod(path, 0o604);
    expect(await codeOf(currentBundleSigner(ctx, fileKeyStore(path, true)))).toBe('bundle_key.insecure');
    await writeFile(path, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    await chmod(path, 0o600);
    expect(await codeOf(currentBundleSigner(ctx, fileKeyStore(path, false)))).toBe('bundle_key.corrupt');
    await writeFile(path, newKeyPem('x25519'));
    expect(await codeOf(currentBundleSigner(ctx, fileKeyStore(path, false)))).toBe('bundle_key.corrupt');
    expect(await listBundleKeys(database.db)).toEqual([]);
  });

  it('refuses a missing key where one is expected: a configured path, or the default once a key is listed', async () => {
    expect(await codeOf(currentBundleSigner(ctx, fileKeyStore(join(dir, 'absent.pem'), false)))).toBe('bundle_key.missing');
    const store = fileKeyStore(join(dir, 'bundle-signing-key.pem'), true);
    await currentBundleSigner(ctx, store);
    await rm(store.location);
    const refusal = await currentBundleSigner(ctx, store).catch((e: Error & { code: string }) => e);
    expect(refusal).toMatchObject({ code: 'bundle_key.missing' });
    expect((refusal as Error).message).toContain('egress keys rotate');
    expect(await listBundleKeys(database.db)).toHaveLength(1);
  });

  it('rotates on the embedded default: a new current key, the earlier one retired and still listed, audited', async () => {
    const store = fileKeyStore(join(dir, 'bundle-signing-key.pem'), true);
    const first = await currentBundleSigner(ctx, store);
    clock.advance(60_000);
    const rotated = await rotateBundleKey(ctx, store);
    expect(rotated.retired).toEqual([first.fingerprint]);
    expect((await currentBundleSigner(ctx, store)).fingerprint).toBe(rotated.fingerprint);
    const keys = await listBundleKeys(database.db);
    expect(keys.map((k) => [k.fingerprint, k.current])).toEqual([
      [first.fingerprint, false],
      [rotated.fingerprint, true],
    ]);
    expect(keys[0]?.retiredAt).toBe(keys[1]?.createdAt);
    expect(JSON.parse((await audits('bundle_key.rotated')).at(-1)?.summary ?? '{}')).toMatchObject({ fingerprint: rotated.fingerprint, retired: [first.fingerprint], source: 'rotated' });
  });

  it('with a configured path: refuses rotation, registers a replaced file at the next start and never signs with a retired key again', async () => {
    const path = join(dir, 'configured.pem');
    const firstPem = newKeyPem();
    await writeFile(path, firstPem, { mode: 0o600 });
    const store = fileKeyStore(path, false);
    const first = await currentBundleSigner(ctx, store);
    const refusal = await rotateBundleKey(ctx, store).catch((e: Error & { code: string }) => e);
    expect(refusal).toMatchObject({ code: 'bundle_key.configured_path' });
    expect((refusal as Error).message).toContain('replace that file');
    expect(await readFile(path, 'utf8')).toBe(firstPem);

    await writeFile(path, newKeyPem(), { mode: 0o600 });
    clock.advance(60_000);
    const second = await currentBundleSigner(ctx, store);
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect((await listBundleKeys(database.db)).map((k) => [k.fingerprint, k.current])).toEqual([
      [first.fingerprint, false],
      [second.fingerprint, true],
    ]);
    expect(JSON.parse((await audits('bundle_key.rotated')).at(-1)?.summary ?? '{}')).toMatchObject({ fingerprint: second.fingerprint, source: 'configured', retired: [first.fingerprint] });

    await writeFile(path, firstPem, { mode: 0o600 });
    expect(await codeOf(currentBundleSigner(ctx, store))).toBe('bundle_key.retired');
  });
});

describe('where the bundle key lives', () => {
  it('is DATA_DIR/bundle-signing-key.pem on SQLite, the configured path when set, and required on PostgreSQL', () => {
    expect(bundleKeyLocation({ databaseUrl: 'sqlite:./data/egress.db', dataDir: '/srv/egress', bundleSigningKey: null })).toEqual({ path: '/srv/egress/bundle-signing-key.pem', managed: true });
    expect(bundleKeyLocation({ databaseUrl: 'postgres://db/egress', dataDir: '/srv/egress', bundleSigningKey: '/etc/egress/key.pem' })).toEqual({ path: '/etc/egress/key.pem', managed: false });
    expect(() => bundleKeyLocation({ databaseUrl: 'postgres://db/egress', dataDir: '/srv/egress', bundleSigningKey: null })).toThrow(ConfigError);
    expect(() => bundleKeyLocation({ databaseUrl: 'postgresql://db/egress', dataDir: '/srv/egress', bundleSigningKey: null })).toThrow(/BUNDLE_SIGNING_KEY is required/);
  });
});
