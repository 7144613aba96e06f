import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildManifest, bundleEntries, createTestKey, manifestBytes, signatureBytes, writeTestBundle, zipEntries, type TestEntry, type TestFile } from './bundle-writer.testing';
import type { BundleManifest } from './format';
import { HASH_CHUNK } from './hashing';
import type { BundleProblemCode } from './problems';
import { parsePublicKeys } from './public-keys';
import { blobSource, bytesSource } from './random-access';
import { verifyBundle, type VerifyResult } from './verify';

const key = createTestKey();
const otherKey = createTestKey();
const keys = parsePublicKeys(key.pem);
const text = (s: string) => new TextEncoder().encode(s);
const FILES: TestFile[] = [
  { path: 'tables/admissions.csv', content: text('region,count\nnorth,120\nsouth,95\n') },
  { path: 'figures/plot.png', content: Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256) },
  { path: 'README.md', content: text('# Outputs\n') },
  { path: 'empty.txt', content: new Uint8Array() },
];

const verify = (bytes: Uint8Array, trusted = keys) => verifyBundle(bytesSource(bytes), { keys: trusted });
const problemOf = (result: VerifyResult) => (result.ok ? null : result.problem);
const expectProblem = async (bytes: Uint8Array, code: BundleProblemCode, path?: string) => {
  const problem = problemOf(await verify(bytes));
  expect(problem?.code).toBe(code);
  if (path !== undefined) expect(problem?.path).toBe(path);
  return problem;
};

/** The correct entries with the manifest changed and signed again with the trusted key. */
const resigned = (edit: (m: BundleManifest) => void): TestEntry[] => {
  const manifest = buildManifest(FILES);
  edit(manifest);
  return bundleEntries(FILES, key, manifest);
};

describe('verifyBundle on a correct bundle', () => {
  it.each([
    ['plain', {}],
    ['streamed with data descriptors', { streamed: true }],
    ['zip64', { zip64: true }],
    ['zip64 and streamed', { zip64: true, streamed: true }],
  ])('accepts it (%s) and summarises it', async (_, options) => {
    const result = await verify(await writeTestBundle(FILES, key, options));
    expect(result).toEqual({
      ok: true,
      summary: {
        package: { id: 'pk1', kind: 'report', title: 'Final tables' },
        project: { id: 'p1', name: 'Hospital admissions' },
        workPackage: { id: 'wp1', name: 'Report' },
        tier: 2,
        files: 4,
        bytes: FILES.reduce((n, f) => n + f.content.length, 0),
        keyFingerprint: key.fingerprint,
        contentDigest: buildManifest(FILES).contentDigest.value,
        signOffs: 2,
        release: { id: 'rel-1', releasedAt: '2025-02-03T04:05:06.000Z', releasedBy: 'Sam Manager' },
      },
    });
  });

  it('streams a file larger than one chunk, reporting progress up to the total, with an injected hasher', async () => {
    const big = Uint8Array.from({ length: HASH_CHUNK * 2 + 12345 }, (_, i) => (i * 31) % 251);
    const files = [...FILES, { path: 'big.bin', content: big }];
    const progress: number[] = [];
    let hashers = 0;
    const bundle = await writeTestBundle(files, key, { streamed: true });
    // Never the whole file at once: no read is larger than one hashing chunk.
    const whole = bytesSource(bundle);
    let largestRead = 0;
    const source = { size: whole.size, read: (offset: number, length: number) => ((largestRead = Math.max(largestRead, length)), whole.read(offset, length)) };
    const result = await verifyBundle(source, {
      keys,
      createHash: () => (hashers++, createHash('sha256')),
      onProgress: (p) => progress.push(p.bytesDone / p.bytesTotal),
    });
    expect(result.ok).toBe(true);
    expect(hashers).toBe(files.length);
    expect(largestRead).toBe(HASH_CHUNK);
    expect(progress.at(0)).toBe(0);
    expect(progress.at(-1)).toBe(1);
    // Once at the start, once per small non-empty file, three times for the big one's three chunks.
    expect(progress).toHaveLength(1 + 3 + 3);
  });

  it('reads a Blob through slice(), as the browser page does', async () => {
    const result = await verifyBundle(blobSource(new Blob([new Uint8Array(await writeTestBundle(FILES, key))])), { keys });
    expect(result.ok).toBe(true);
  });

  it('accepts any of several keys, e.g. a rotated-out one still listed', async () => {
    const result = await verify(await writeTestBundle(FILES, key), [...parsePublicKeys(otherKey.pem), ...keys]);
    expect(result.ok && result.summary.keyFingerprint).toBe(key.fingerprint);
  });
});

describe('verifyBundle names the first problem of a tampered bundle', () => {
  const good = () => bundleEntries(FILES, key);
  const at = (entries: TestEntry[], name: string) => entries.findIndex((e) => e.name === name);

  it('an altered file (same size)', async () => {
    const entries = good();
    const i = at(entries, 'files/tables/admissions.csv');
    const data = Uint8Array.from(entries[i]!.data);
    data[data.length - 3] = '6'.charCodeAt(0);
    entries[i] = { ...entries[i]!, data };
    const problem = await expectProblem(await zipEntries(entries), 'bundle.file_altered', 'tables/admissions.csv');
    expect(problem?.message).toContain('hashes to');
  });

  it('an altered file (another size)', async () => {
    const entries = good();
    const i = at(entries, 'files/README.md');
    entries[i] = { ...entries[i]!, data: text('# Outputs, and a secret\n') };
    const problem = await expectProblem(await zipEntries(entries), 'bundle.file_altered', 'README.md');
    expect(problem?.message).toContain('the manifest records 10');
  });

  it('a missing file', async () => {
    const entries = good().filter((e) => e.name !== 'files/figures/plot.png');
    await expectProblem(await zipEntries(entries), 'bundle.file_missing', 'figures/plot.png');
  });

  it('an extra file under files/ and one outside it', async () => {
    await expectProblem(await zipEntries([...good(), { name: 'files/zz-extra.csv', data: text('x\n') }]), 'bundle.file_extra', 'zz-extra.csv');
    await expectProblem(await zipEntries([...good(), { name: 'notes.txt', data: text('x\n') }]), 'bundle.file_extra', 'notes.txt');
  });

  it('an edited manifest under the original signature', async () => {
    const entries = good();
    const edited = buildManifest(FILES);
    edited.classification.tier = 0;
    entries[0] = { ...entries[0]!, data: manifestBytes(edited) };
    await expectProblem(await zipEntries(entries), 'bundle.signature_invalid');
  });

  it('a signature replaced by one from another key claiming the trusted fingerprint', async () => {
    const entries = good();
    const forged = JSON.parse(new TextDecoder().decode(signatureBytes(entries[0]!.data, otherKey))) as { keyFingerprint: string };
    forged.keyFingerprint = key.fingerprint;
    entries[1] = { ...entries[1]!, data: text(JSON.stringify(forged)) };
    await expectProblem(await zipEntries(entries), 'bundle.signature_invalid');
  });

  it('a signature that is not a signature document', async () => {
    const entries = good();
    entries[1] = { ...entries[1]!, data: text('{"algorithm":"Ed25519"}') };
    await expectProblem(await zipEntries(entries), 'bundle.signature_invalid');
  });

  it('a bundle signed by a key that is not among the given keys', async () => {
    const bundle = await writeTestBundle(FILES, otherKey);
    const problem = await expectProblem(bundle, 'bundle.key_unknown');
    expect(problem?.message).toContain(otherKey.fingerprint);
  });

  it.each([1, 21, 100, 0.25, 0.5, 0.75, -23, -22, -1])('a zip cut short (cut at %s)', async (cut) => {
    const bundle = await writeTestBundle(FILES, key, { zip64: cut === 0.5 });
    const end = Number.isInteger(cut) ? (cut > 0 ? cut : bundle.length + cut) : Math.floor(bundle.length * cut);
    await expectProblem(bundle.subarray(0, end), 'bundle.zip_truncated');
  });

  it('something that is not a zip at all', async () => {
    await expectProblem(text('not a zip, just some text that is long enough to look for a closing record'), 'bundle.zip_truncated');
  });

  it('a damaged central directory', async () => {
    const bundle = Buffer.from(await writeTestBundle(FILES, key));
    const cd = bundle.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bundle[cd + 1] = 0;
    await expectProblem(bundle, 'bundle.zip_corrupt');
  });

  it('bytes before the first entry or after the end record', async () => {
    const bundle = await writeTestBundle(FILES, key);
    const prefixed = await expectProblem(Buffer.concat([Buffer.from('#!/bin/sh\n'), bundle]), 'bundle.zip_corrupt');
    expect(prefixed?.message).toContain('central directory is not where');
    const appended = await expectProblem(Buffer.concat([bundle, Buffer.from('trailing')]), 'bundle.zip_corrupt');
    expect(appended?.message).toContain('after the zip’s end record');
  });

  it('files in another order than the manifest’s', async () => {
    const entries = good();
    const [a, b] = [at(entries, 'files/README.md'), at(entries, 'files/empty.txt')];
    [entries[a], entries[b]] = [entries[b]!, entries[a]!];
    await expectProblem(await zipEntries(entries), 'bundle.out_of_order', 'README.md');
  });

  it('the signature before the manifest', async () => {
    const entries = good();
    [entries[0], entries[1]] = [entries[1]!, entries[0]!];
    await expectProblem(await zipEntries(entries), 'bundle.out_of_order');
  });

  it('a deflated entry', async () => {
    const entries = good();
    const i = at(entries, 'files/tables/admissions.csv');
    entries[i] = { ...entries[i]!, compress: true };
    const problem = await expectProblem(await zipEntries(entries), 'bundle.not_format_1');
    expect(problem?.message).toContain('compressed');
  });

  it('no manifest', async () => {
    await expectProblem(await zipEntries(good().slice(1)), 'bundle.not_format_1');
  });

  it('a sign-off bound to another content digest (signed as such)', async () => {
    const entries = resigned((m) => {
      m.signOffs[1]!.contentDigest = 'f'.repeat(64);
    });
    const problem = await expectProblem(await zipEntries(entries), 'bundle.sign_off_digest_mismatch');
    expect(problem?.message).toContain('Dana Provider');
  });

  it('a recorded content digest that its inputs do not give (signed as such)', async () => {
    const entries = resigned((m) => {
      m.contentDigest.inputs.tier = { tier: 1, policyVersion: 1 };
    });
    await expectProblem(await zipEntries(entries), 'bundle.digest_mismatch');
  });

  it('a manifest of another format (signed as such)', async () => {
    const entries = resigned((m) => {
      (m as { bundleFormat: number }).bundleFormat = 2;
    });
    await expectProblem(await zipEntries(entries), 'bundle.not_format_1');
  });
});
