/**
 * A bundle from an approved package, on SQLite and PostgreSQL with the real blob store: the
 * package reaches approved over the API (with a superseded version, a supporting file and a
 * temporarily removed item), `buildManifest` lists only the approved outputs with the digest the
 * sign-offs were bound to, `sealBundle` writes format 1 (opened here with yauzl: entries in
 * order, stored, hashes and the Ed25519 signature checked with node:crypto), and a stored blob
 * whose bytes changed fails the seal. `GET /api/v1/keys` serves the signing key without sign-in.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { BundleKeysResponse } from '../../common/contracts/bundle-keys.contract';
import { type BundleManifest, type BundleSignature, FILES_PREFIX, MANIFEST_ENTRY, SIGNATURE_ENTRY } from '../../common/bundle/format';
import { canonicalJson } from '../../common/canonical-json';
import { currentBundleSigner } from '../commands/bundle-keys.commands';
import { type ReleaseInfo, buildManifest } from '../commands/bundle-manifest.queries';
import { systemActor } from '../commands/context';
import { contentDigest } from '../domain/review/content-digest';
import { type TestApp, startTestApp } from '../http/app.testing';
import { COMPLETE_CONTEXT, packageClient, sha256Of } from '../http/routes/packages.testing';
import type { BundleSigner } from '../ports/bundle-signer';
import { TEST_DIALECTS } from '../testing/databases';
import { pathFor } from '../testing/factories';
import { fileKeyStore } from './key-file';
import { blobStoreSealer, sealBundle } from './seal-bundle';

const TABLE_V1 = 'group,count\nA,25\nB,40\nC,3\n';
const TABLE = 'group,count\nA,25\nB,40\nC,30\n';
const NOTES = '# Methods\nCounts of people by group, rounded to the nearest 5.\n';
const SUPPORT = 'group,count\nA,25\nB,40\n';
const HELD_BACK = 'group,count\nA,25\nD,55\n';

interface ZipEntry {
  name: string;
  method: number;
  bytes: Buffer;
}

/** Every entry of the zip at `path`, in order, with its compression method and bytes. */
async function readZip(path: string): Promise<ZipEntry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const entries: ZipEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.push({ name: entry.fileName, method: entry.compressionMethod, bytes: Buffer.concat(chunks) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

describe.each(TEST_DIALECTS)('a sealed bundle of an approved package on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  let signer: BundleSigner;
  let manifest: BundleManifest;
  let signedDigest: string;
  const release = (): ReleaseInfo => ({
    releaseId: 'rel_1',
    releasedAt: '2026-11-27T10:00:00.000Z',
    releasedBy: { id: t.world.users.sysadmin?.id as string, name: 'sysadmin' },
    toolVersion: 'test',
    destination: { kind: 'research_team', id: null, name: null, method: 'link', recipientKeyFingerprint: null },
  });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    dir = await mkdtemp(join(tmpdir(), 'egress-bundle-'));
    signer = await currentBundleSigner({ db: t.database.db, clock: t.world.clock, actor: systemActor('server start') }, fileKeyStore(join(dir, 'bundle-signing-key.pem'), true));

    const api = packageClient(t, t.world.wp.report);
    const url = `/api/v1/packages/${t.world.wp.report}`;
    await api.add('researcher', 'results/table.csv', TABLE_V1);
    const table = await api.add('researcher', 'results/table.csv', TABLE); // version 2 supersedes version 1
    const notes = await api.add('researcher', 'docs/methods.md', NOTES);
    const support = await api.add('researcher', 'support/inputs.csv', SUPPORT);
    expect((await t.as('researcher').patch(`${url}/files/${support.id}`, { role: 'supporting', version: support.version })).statusCode).toBe(200);
    const held = await api.add('researcher', 'results/held-back.csv', HELD_BACK);
    const removal = await t.as('researcher').post(`${url}/files/${held.id}/removal`, { reason: 'Would raise the tier', version: held.version });
    expect(removal.statusCode, removal.body).toBe(200);
    const outputs = { [table.id]: { shows: 'Counts by group', supportingFileIds: [support.id] }, [notes.id]: { shows: 'How the counts were made', supportingFileIds: [] } };
    const pkg = (await api.setContext('researcher', { ...COMPLETE_CONTEXT, destinationKind: 'research_team', outputs }, (await api.get('researcher')).version)).json();
    expect((await api.transition('researcher', 'submit', pkg.version)).statusCode).toBe(200);
    await t.services.settle();
    for (const key of ['dpr', 'investigator']) expect((await t.as(key).post(`/api/v1/work-packages/${t.world.wp.report}/opinions`, { path: pathFor(1) })).statusCode).toBe(201);
    const review = (await t.as('dpr').get(`${url}/review`)).json() as { files: { fileId: string; fileVersionId: string }[] };
    for (const f of review.files.filter((file) => file.fileId === table.id || file.fileId === notes.id)) {
      const decided = await t.as('dpr').post(`${url}/files/${f.fileId}/review`, { fileVersionId: f.fileVersionId, decision: 'approve' });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    expect((await t.as('dpr').post(`${url}/review-submissions`, {})).statusCode).toBe(201);
    signedDigest = ((await t.as('investigator').get(`${url}/approval`)).json() as { digest: string }).digest;
    expect((await t.as('investigator').post(`${url}/sign-offs`, { role: 'investigator', digest: signedDigest })).statusCode).toBe(201);
    expect((await t.as('dpr').post(`${url}/sign-offs`, { role: 'data_provider_representative', digest: signedDigest })).statusCode).toBe(201);
    expect((await api.get('researcher')).status).toBe('approved');
    manifest = await buildManifest(t.database.db, t.world.wp.report, release());
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists only the approved outputs: no supporting file, no removed item, no superseded version', () => {
    expect(manifest.files.map((f) => [f.path, f.version, f.sha256, f.size, f.category])).toEqual([
      ['docs/methods.md', 1, sha256Of(NOTES), NOTES.length, 'output'],
      ['results/table.csv', 2, sha256Of(TABLE), TABLE.length, 'output'],
    ]);
    const table = manifest.files[1];
    expect(table?.history.map((h) => [h.version, h.sha256, h.origin, h.addedBy?.name])).toEqual([
      [1, sha256Of(TABLE_V1), 'upload', 'researcher'],
      [2, sha256Of(TABLE), 'upload', 'researcher'],
    ]);
    expect(manifest.removed).toEqual([{ path: 'results/held-back.csv', version: 1, reason: 'Would raise the tier', outcome: null }]);
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('support/inputs.csv');
    for (const content of [TABLE, TABLE_V1, NOTES, SUPPORT, HELD_BACK]) expect(text).not.toContain(content.split('\n')[1]);
  });

  it('carries the digest the sign-offs were bound to, recomputable from its inputs, and the why of the release', () => {
    expect(manifest.contentDigest.value).toBe(signedDigest);
    const inputs = manifest.contentDigest.inputs as Omit<Parameters<typeof contentDigest>[0], 'files'>;
    expect(contentDigest({ ...inputs, files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256 })) })).toBe(signedDigest);
    expect(manifest.signOffs.map((s) => [s.role, s.person.name, s.contentDigest])).toEqual([
      ['data_provider_representative', 'dpr', signedDigest],
      ['investigator', 'investigator', signedDigest],
    ]);
    expect(manifest.classification).toMatchObject({ tier: 1, policyVersion: 1 });
    expect(manifest.classification.opinions.map((o) => [o.person.name, o.tier])).toEqual(
      expect.arrayContaining([
        ['dpr', 1],
        ['investigator', 1],
      ]),
    );
    expect(manifest.reviews).toHaveLength(2);
    expect(manifest.findingsSummary).toMatchObject({ files: 2, checked: 2, presets: ['acro'], toolVersions: ['test'] });
    const { releaseId: id, releasedAt, releasedBy, toolVersion } = release();
    expect(manifest).toMatchObject({
      bundleFormat: 1,
      release: { id, releasedAt, releasedBy, toolVersion },
      destination: release().destination,
      project: { id: t.world.projectId },
      package: { id: t.world.wp.report },
    });
  });

  it('refuses a package that is not approved', async () => {
    await expect(buildManifest(t.database.db, t.world.wp.handover, release())).rejects.toMatchObject({ code: 'bundle.not_approved' });
  });

  it('seals format 1: manifest, signature, then each file stored, with the hashes and an Ed25519 signature that verify', async () => {
    const path = join(dir, 'bundle.zip');
    const sealed = await sealBundle({ manifest, signer, blobs: t.services.blobs }, createWriteStream(path));
    const bytes = await readFile(path);
    const entries = await readZip(path);
    // The reported manifest hash is the hash of the manifest entry's bytes.
    expect(sealed).toEqual({ sha256: sha256Of(bytes), bytes: bytes.length, keyFingerprint: signer.fingerprint, manifestSha256: sha256Of((entries[0] as ZipEntry).bytes) });
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      [MANIFEST_ENTRY, 0],
      [SIGNATURE_ENTRY, 0],
      [`${FILES_PREFIX}docs/methods.md`, 0],
      [`${FILES_PREFIX}results/table.csv`, 0],
    ]);
    const [manifestEntry, signatureEntry, ...files] = entries as [ZipEntry, ZipEntry, ...ZipEntry[]];
    expect(manifestEntry.bytes.toString('utf8')).toBe(canonicalJson(manifest));
    expect(files.map((f) => f.bytes.toString('utf8'))).toEqual([NOTES, TABLE]);
    const signature = JSON.parse(signatureEntry.bytes.toString('utf8')) as BundleSignature;
    expect(signature).toMatchObject({ algorithm: 'Ed25519', keyFingerprint: signer.fingerprint });

    // The public key as a verifier gets it: from GET /api/v1/keys, without signing in.
    const res = await t.anonymous.get('/api/v1/keys');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('public');
    const key = (res.json() as BundleKeysResponse).keys.find((k) => k.fingerprint === signature.keyFingerprint);
    expect(key).toMatchObject({ current: true, algorithm: 'Ed25519', retiredAt: null });
    expect(
      createHash('sha256')
        .update(Buffer.from(key?.publicKey as string, 'base64'))
        .digest('hex'),
    ).toBe(key?.fingerprint);
    const publicKey = createPublicKey(key?.publicKeyPem as string);
    expect(verify(null, manifestEntry.bytes, publicKey, Buffer.from(signature.signature, 'base64'))).toBe(true);
    const edited = Buffer.from(manifestEntry.bytes.toString('utf8').replace('"tier":1', '"tier":0'));
    expect(verify(null, edited, publicKey, Buffer.from(signature.signature, 'base64'))).toBe(false);

    // Sealing the same manifest again gives the same bytes (entries carry the release time).
    const again = await blobStoreSealer(t.services.blobs).sealToStore(manifest, signer);
    expect(again.sha256).toBe(sealed.sha256);
  });

  it('writes ZIP64 records when forced (what a file or offset past 4 GiB gets) and the bundle still reads', async () => {
    const path = join(dir, 'bundle64.zip');
    await sealBundle({ manifest, signer, blobs: t.services.blobs, forceZip64: true }, createWriteStream(path));
    const bytes = await readFile(path);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // ZIP64 end of central directory record
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true); // and its locator
    expect((await readZip(path)).map((e) => e.bytes.length)).toEqual([Buffer.byteLength(canonicalJson(manifest)), expect.any(Number), NOTES.length, TABLE.length]);
  });

  it('fails the seal, naming the file, when a stored blob no longer holds the manifest’s bytes', async () => {
    const blobPath = join(t.services.root, 'blobs', sha256Of(TABLE).slice(0, 2), sha256Of(TABLE));
    const original = await readFile(blobPath);
    await writeFile(blobPath, TABLE.replace('30', '03'));
    try {
      const sink = new Writable({ write: (_chunk, _e, cb) => cb() });
      const failure = await sealBundle({ manifest, signer, blobs: t.services.blobs }, sink).catch((e: Error & { code?: string }) => e);
      expect(failure).toMatchObject({ code: 'bundle.content_mismatch', details: { path: 'results/table.csv' } });
      expect((failure as Error).message).toContain('results/table.csv');
      await expect(blobStoreSealer(t.services.blobs).sealToStore(manifest, signer)).rejects.toMatchObject({ code: 'bundle.content_mismatch' });
      // A manifest that declares another size for the same content fails too.
      const wrongSize = { ...manifest, files: manifest.files.map((f) => (f.path === 'docs/methods.md' ? { ...f, size: f.size + 1 } : f)) };
      await expect(sealBundle({ manifest: wrongSize, signer, blobs: t.services.blobs }, new Writable({ write: (_c, _e, cb) => cb() }))).rejects.toMatchObject({
        code: 'bundle.content_mismatch',
      });
    } finally {
      await writeFile(blobPath, original);
    }
  });
});
