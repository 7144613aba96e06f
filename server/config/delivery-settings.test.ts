import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { deliveryOptionsOf, parseDeliveryTargets } from './delivery-settings';

const dir = mkdtempSync(join(tmpdir(), 'egress-delivery-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('delivery settings', () => {
  it('reads named S3 and Azure targets with their defaults, and offers only their names', () => {
    const file = join(dir, 'targets.json');
    writeFileSync(
      file,
      JSON.stringify({
        'provider-archive': { type: 's3', bucket: 'incoming', prefix: 'egress/in', accessKeyId: 'AK', secretAccessKey: 'SK', allowDelete: true },
        'partner-tre': { type: 'azure', container: 'inbox', connectionString: 'UseDevelopmentStorage=true' },
      }),
    );
    const config = loadConfig({ DATA_DIR: dir, DELIVERY_TARGETS: file, EXPORT_DIR: join(dir, 'export') });
    expect(config.delivery.targets.get('provider-archive')).toMatchObject({ name: 'provider-archive', type: 's3', region: 'us-east-1', prefix: 'egress/in', allowDelete: true, attempts: 3 });
    expect(config.delivery.targets.get('partner-tre')).toMatchObject({ type: 'azure', prefix: '', allowDelete: false });
    expect(config.delivery.exportDir).toBe(join(dir, 'export'));
    expect(deliveryOptionsOf(config.delivery)).toEqual({ pushTargets: ['partner-tre', 'provider-archive'], folderExport: true });
    expect(deliveryOptionsOf(loadConfig({ DATA_DIR: dir }).delivery)).toEqual({ pushTargets: [], folderExport: false });
  });

  it('lists every problem of a targets file, never its secrets', () => {
    const { problems } = parseDeliveryTargets(
      JSON.stringify({
        'Bad Name': { type: 's3', bucket: 'b' },
        half: { type: 's3', bucket: 'bucket', accessKeyId: 'AK-SECRET' },
        odd: { type: 'gcs', bucket: 'x' },
        up: { type: 'azure', container: 'inbox', connectionString: 'x', prefix: '../x' },
      }),
    );
    expect(problems.join('\n')).toMatch(/Bad Name/);
    expect(problems.join('\n')).toMatch(/odd/);
    expect(problems.join('\n')).toMatch(/up\.prefix/);
    expect(problems.join('\n')).not.toContain('AK-SECRET');
    expect(parseDeliveryTargets('{not json').problems).toEqual(['DELIVERY_TARGETS: the file is not valid JSON']);
    expect(parseDeliveryTargets(JSON.stringify({ half: { type: 's3', bucket: 'bucket', accessKeyId: 'AK-SECRET' } })).problems).toEqual([
      "DELIVERY_TARGETS: half: give both accessKeyId and secretAccessKey, or neither (the SDK's default chain)",
    ]);
  });

  it('refuses to start with an unreadable targets file or a relative EXPORT_DIR', () => {
    expect(() => loadConfig({ DATA_DIR: dir, DELIVERY_TARGETS: join(dir, 'missing.json'), EXPORT_DIR: 'relative/export' })).toThrow(ConfigError);
    try {
      loadConfig({ DATA_DIR: dir, DELIVERY_TARGETS: join(dir, 'missing.json'), EXPORT_DIR: 'relative/export' });
    } catch (error) {
      expect((error as Error).message).toContain('DELIVERY_TARGETS: cannot read');
      expect((error as Error).message).toContain('EXPORT_DIR: give an absolute path');
    }
  });
});
