/**
 * A release survives its server being killed with SIGKILL (issue 12: "kill the worker in the
 * middle, restart, it completes without duplicating a bundle, a link or a push"), on SQLite and
 * PostgreSQL. The test builds an approved handover package in a temporary DATA_DIR and database
 * with the real commands, registers a push to a real s3rver container, and starts the release
 * (the job is not queued: the server queues it at start, as after a crash). Then it runs the
 * real `egress serve` in a child process with the test-only EGRESS_TEST_RELEASE_HALT_AT
 * (server/entrypoints/release-halt.ts), waits until the release job reports that it halted at the
 * checkpoint, checks that the release is where that checkpoint says, kills the process with
 * SIGKILL, starts `egress serve` again without the hook and waits until the package is released.
 *
 * Checkpoints: `record-seal` (the bundle sealed into the blob store, not recorded), `deliver`
 * (sealed and recorded, nothing pushed), `record-delivery` (pushed and read back, not recorded),
 * `release` (delivery recorded, the package still releasing). After each: one release attempt,
 * `released`; one bundle blob more than before the release; one object in the container, whose
 * sha256 is the bundle's (and the release view says so); each step's audit event once; the audit
 * chain intact.
 */
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseCheckpoint } from '../../common/vocab/release';
import { startRelease } from '../commands/release-start.commands';
import { getPackage } from '../commands/packages.commands';
import { getPackageRelease } from '../commands/releases.commands';
import { verifyAuditChain } from '../db/audit.repository';
import { haltedLine } from '../entrypoints/release-halt';
import { ADDRESS_LISTS } from '../http/address-lists';
import { TEST_DIALECTS, createTestDatabase } from '../testing/databases';
import { createWorld } from '../testing/factories';
import { type RunningObjectStore, S3RVER_CREDENTIALS, startS3rver } from '../testing/object-store-servers';
import { createPackageAt, withServices } from '../testing/package-factories';
import { createTestServices } from '../testing/services';
import { personIn } from '../testing/world-lifecycle';

const EGRESS = join(process.cwd(), 'bin', 'egress.js');
const BUCKET = 'kill-resume';
const CHECKPOINTS: ReleaseCheckpoint[] = ['record-seal', 'deliver', 'record-delivery', 'release'];
/** The release's step when the job halts at each checkpoint. */
const STEP_AT: Record<string, string> = { 'record-seal': 'sealing', deliver: 'sealed', 'record-delivery': 'sealed', release: 'delivered' };
// Copies: the AWS SDK marks the credentials object it is given.
const credentials = () => ({ accessKeyId: S3RVER_CREDENTIALS.accessKeyId, secretAccessKey: S3RVER_CREDENTIALS.secretAccessKey });

/** `egress serve` in a child process, its stderr kept (the halt line arrives there). */
function serve(env: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<void> } {
  const child = spawn(process.execPath, [EGRESS, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, stderr: () => stderr, exited };
}

/** Polls `until` every 50 ms; fails with the child's stderr when the child exits first or after `timeoutMs`. */
async function waitFor(what: string, server: ReturnType<typeof serve>, until: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (!(await until())) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(`egress serve exited (${server.child.exitCode ?? server.child.signalCode}) before ${what}:\n${server.stderr()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`no ${what} within ${timeoutMs} ms:\n${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(server: ReturnType<typeof serve>, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  const killer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(killer);
}

/** The blobs in a file blob store: ROOT/<first two hex digits>/<sha256>. */
function blobsIn(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name))
    .flatMap((d) => readdirSync(join(root, d.name)))
    .sort();
}

describe.each(TEST_DIALECTS)('a release whose server is killed with SIGKILL, on %s', (dialect) => {
  let s3: RunningObjectStore;
  let client: S3Client;
  beforeAll(async () => {
    s3 = await startS3rver(BUCKET);
    client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: credentials() });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  const keysUnder = async (prefix: string) => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }))).Contents ?? []).map((o) => o.Key as string);

  it.each(CHECKPOINTS)(
    'killed at %s, then restarted, releases once',
    async (haltAt) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'egress-kill-resume-'));
      const database = await createTestDatabase(dialect, dialect === 'sqlite' ? { sqliteFile: join(dataDir, 'egress.db') } : {});
      const servers: ReturnType<typeof serve>[] = [];
      try {
        // The world, its approved handover package and the started release, with the real commands.
        const world = await createWorld(database.db);
        const services = await createTestServices(database, { root: dataDir, clock: world.clock });
        const prefix = `${dialect}-${haltAt}`;
        const pkg = await createPackageAt(withServices(world, services), 'approved', { workPackage: 'handover', registered: { method: 'container_push', target: 'provider' } });
        const manager = personIn(world, 'sysadmin').ctx;
        const project = await database.db.selectFrom('projects').select('name').where('id', '=', world.projectId).executeTakeFirstOrThrow();
        // Not queued here: the server queues every release still releasing when it starts.
        await startRelease(manager, { addresses: ADDRESS_LISTS, startRelease: async () => {} }, pkg.id, { confirmation: project.name, version: (await getPackage(manager, pkg.id)).version });
        await services.close();
        const blobsBefore = blobsIn(join(dataDir, 'blobs'));

        const targets = join(dataDir, 'delivery-targets.json');
        writeFileSync(targets, JSON.stringify({ provider: { type: 's3', bucket: BUCKET, prefix, endpoint: s3.endpoint, region: 'us-east-1', ...credentials(), attempts: 1 } }), { mode: 0o600 });
        const env: Record<string, string> = { DATA_DIR: dataDir, DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DELIVERY_TARGETS: targets };
        if (dialect === 'postgres') {
          const key = join(dataDir, 'bundle-signing-key.pem');
          writeFileSync(key, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
          env.BUNDLE_SIGNING_KEY = key;
          const checkpointKey = join(dataDir, 'audit-checkpoint-key.pem');
          writeFileSync(checkpointKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
          env.AUDIT_CHECKPOINT_KEY = checkpointKey;
        }
        const release = () => database.db.selectFrom('releases').selectAll().where('package_id', '=', pkg.id).execute();

        // The first server halts the job at the checkpoint; it is killed there.
        const first = serve({ ...env, EGRESS_TEST_RELEASE_HALT_AT: haltAt });
        servers.push(first);
        await waitFor(`the halt at ${haltAt}`, first, () => first.stderr().includes(haltedLine(haltAt)));
        expect((await release()).map((r) => r.step)).toEqual([STEP_AT[haltAt]]);
        expect(await keysUnder(prefix)).toHaveLength(haltAt === 'record-delivery' || haltAt === 'release' ? 1 : 0);
        await stop(first, 'SIGKILL');
        expect(first.child.signalCode).toBe('SIGKILL');

        // The second server resumes the release and finishes it.
        const second = serve(env);
        servers.push(second);
        await waitFor('the release', second, async () => (await release())[0]?.step === 'released');
        await stop(second, 'SIGTERM');

        const [done, ...others] = await release();
        expect(others).toEqual([]);
        expect(done?.step).toBe('released');
        expect((await database.db.selectFrom('packages').select('status').where('id', '=', pkg.id).executeTakeFirstOrThrow()).status).toBe('released');
        const bundleSha = done?.bundle_sha256 as string;
        // One bundle blob: sealing again after the kill gave the same bytes.
        expect(blobsIn(join(dataDir, 'blobs'))).toEqual([...blobsBefore, bundleSha].sort());
        // One pushed object, the bundle, whole.
        const key = `${prefix}/${done?.id}/${done?.bundle_name}`;
        expect(await keysUnder(prefix)).toEqual([key]);
        const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        const bytes = Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(bundleSha);
        // The package page's account of the delivery: where it went, what read back.
        expect((await getPackageRelease(manager, pkg.id)).delivery).toMatchObject({
          location: `s3://${BUCKET}/${prefix}/${done?.id}/`,
          objects: [{ name: done?.bundle_name, sha256: bundleSha, bytes: bytes.length }],
        });

        // Each step recorded once; a push repeated after the kill found the object already there.
        const events = await database.db.selectFrom('audit_events').select(['action', 'summary']).where('object_id', '=', pkg.id).orderBy('seq').execute();
        const steps = events.filter((e) => e.action === 'release.step_reached').map((e) => JSON.parse(e.summary) as { to: string; objects?: { alreadyPresent: boolean }[] });
        expect(steps.map((s) => s.to)).toEqual(['sealed', 'delivered', 'released']);
        expect(steps[1]?.objects?.map((o) => o.alreadyPresent)).toEqual([haltAt === 'record-delivery']);
        for (const action of ['release.started', 'package.released']) expect(events.filter((e) => e.action === action)).toHaveLength(1);
        expect(events.filter((e) => e.action === 'release.failed')).toEqual([]);
        expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
      } finally {
        for (const server of servers) await stop(server, 'SIGKILL');
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
