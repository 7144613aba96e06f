import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { deliverBundle, revokeDelivery } from './deliver';
import type { DeliveryItem } from './delivery-item';

const root = mkdtempSync(join(tmpdir(), 'egress-export-test-'));
const exportDir = join(root, 'export');
mkdirSync(exportDir);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
function item(name: string, bytes: Buffer, sha256 = sha(bytes)): DeliveryItem & { opens: number } {
  const result = { name, sha256, bytes: bytes.length, opens: 0, open: () => ((result.opens += 1), Readable.from([bytes])) };
  return result;
}
const route = (subfolder: string) => ({ method: 'folder_export' as const, exportDir, subfolder });

describe('folder export', () => {
  it('writes the bundle and the manifest beside it under EXPORT_DIR/<sub-folder>/<release>, leaving no temporary file', async () => {
    const bundle = randomBytes(3 * 1024 * 1024);
    const manifest = Buffer.from('{"formatVersion":1}');
    const receipt = await deliverBundle(route('provider/inbox'), 'rel-1', [item('bundle.zip', bundle), item('manifest.json', manifest)]);
    const folder = join(exportDir, 'provider/inbox/rel-1');
    expect(receipt).toEqual({
      method: 'folder_export',
      target: 'provider/inbox',
      location: folder,
      objects: [
        { name: 'bundle.zip', key: join(folder, 'bundle.zip'), sha256: sha(bundle), bytes: bundle.length, alreadyPresent: false },
        { name: 'manifest.json', key: join(folder, 'manifest.json'), sha256: sha(manifest), bytes: manifest.length, alreadyPresent: false },
      ],
    });
    expect(sha(readFileSync(join(folder, 'bundle.zip')))).toBe(sha(bundle));
    expect(readdirSync(folder).sort()).toEqual(['bundle.zip', 'manifest.json']);
  });

  it('exporting the same release again reads no source and writes nothing', async () => {
    const bytes = randomBytes(1000);
    await deliverBundle(route('again'), 'rel-2', [item('bundle.zip', bytes)]);
    const again = item('bundle.zip', bytes);
    const receipt = await deliverBundle(route('again'), 'rel-2', [again]);
    expect(again.opens).toBe(0);
    expect(receipt.objects[0]?.alreadyPresent).toBe(true);
  });

  it('replaces a file that was changed since, and refuses a source that is not what was declared', async () => {
    const bytes = randomBytes(1000);
    await deliverBundle(route('changed'), 'rel-3', [item('bundle.zip', bytes)]);
    writeFileSync(join(exportDir, 'changed/rel-3/bundle.zip'), 'tampered');
    expect((await deliverBundle(route('changed'), 'rel-3', [item('bundle.zip', bytes)])).objects[0]?.alreadyPresent).toBe(false);
    expect(sha(readFileSync(join(exportDir, 'changed/rel-3/bundle.zip')))).toBe(sha(bytes));
    await expect(deliverBundle(route('changed'), 'rel-4', [item('bundle.zip', bytes, sha(Buffer.from('x')))])).rejects.toMatchObject({ code: 'file.hash_mismatch' });
    expect(readdirSync(join(exportDir, 'changed/rel-4'))).toEqual([]);
  });

  it.each(['../outside', '/etc', 'a/../../b', 'a\\b', '.', ''])('refuses the sub-folder %j', async (subfolder) => {
    await expect(deliverBundle(route(subfolder), 'rel-5', [item('bundle.zip', Buffer.from('x'))])).rejects.toMatchObject({ code: 'destination.target_invalid' });
  });

  it('refuses a sub-folder that leads out through a symbolic link', async () => {
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(exportDir, 'link'));
    await expect(deliverBundle(route('link'), 'rel-6', [item('bundle.zip', Buffer.from('x'))])).rejects.toMatchObject({ code: 'destination.target_invalid' });
    expect(readdirSync(join(root, 'elsewhere'))).toEqual([]);
  });

  it('refuses a release id or file name that could climb out', async () => {
    await expect(deliverBundle(route('ok'), '..', [item('bundle.zip', Buffer.from('x'))])).rejects.toMatchObject({ code: 'validation.invalid_input' });
    await expect(deliverBundle(route('ok'), 'rel-7', [item('../bundle.zip', Buffer.from('x'))])).rejects.toMatchObject({ code: 'validation.invalid_input' });
  });

  it('revoking says the recipient must delete the export, and deletes nothing', async () => {
    const receipt = await deliverBundle(route('revoked'), 'rel-8', [item('bundle.zip', Buffer.from('x'))]);
    expect(await revokeDelivery(route('revoked'), receipt)).toMatchObject({ outcome: 'recipient_must_delete' });
    expect(readdirSync(join(exportDir, 'revoked/rel-8'))).toEqual(['bundle.zip']);
  });
});
