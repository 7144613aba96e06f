/**
 * Delivery settings (docs/delivery.md): the storage containers a release may be pushed to
 * (`DELIVERY_TARGETS`, the path of a JSON file holding each named target with its credentials,
 * so credentials never enter the database) and the folder exports are written under (`EXPORT_DIR`).
 * Read and checked at start-up with every problem listed; a registered destination names a
 * target by its name, or a sub-folder of EXPORT_DIR.
 *
 * Example file:
 *   { "provider-archive": { "type": "s3", "bucket": "incoming", "prefix": "egress", "region": "eu-west-2",
 *                           "accessKeyId": "…", "secretAccessKey": "…", "allowDelete": true },
 *     "partner-tre": { "type": "azure", "container": "inbox", "connectionString": "…" } }
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** A target name as destinations refer to it. */
export const TARGET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const prefix = z
  .string()
  .regex(/^([^/]+(\/[^/]+)*)?$/, 'no leading, trailing or double slash')
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'no . or .. segment')
  .default('');
const common = {
  prefix,
  /** Whether revoking a release deletes what was pushed (the container's owner may forbid it). */
  allowDelete: z.boolean().default(false),
  /** Attempts per request before a target counts as unreachable (default 3). */
  attempts: z.number().int().min(1).max(10).default(3),
};

const s3Target = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string().min(3),
  endpoint: z.url().optional(),
  region: z.string().min(1).default('us-east-1'),
  accessKeyId: z.string().min(1).optional(),
  secretAccessKey: z.string().min(1).optional(),
  ...common,
});

const azureTarget = z.strictObject({
  type: z.literal('azure'),
  container: z.string().min(3),
  connectionString: z.string().min(1),
  endpoint: z.url().optional(),
  ...common,
});

const targetsFile = z.record(z.string().regex(TARGET_NAME, 'a target name is lower-case letters, digits, - and _'), z.discriminatedUnion('type', [s3Target, azureTarget]));

export type S3DeliveryTarget = z.infer<typeof s3Target> & { name: string };
export type AzureDeliveryTarget = z.infer<typeof azureTarget> & { name: string };
/** A configured container a release can be pushed to (with its credentials: never logged or stored). */
export type DeliveryTarget = S3DeliveryTarget | AzureDeliveryTarget;

export interface DeliverySettings {
  /** The push targets by name (empty when DELIVERY_TARGETS is not set). */
  targets: ReadonlyMap<string, DeliveryTarget>;
  /** Absolute folder under which folder exports are written; null when EXPORT_DIR is not set (folder export off). */
  exportDir: string | null;
}

/** Parses the targets file's text; problems are returned, never the file's content (it holds credentials). */
export function parseDeliveryTargets(text: string): { targets: Map<string, DeliveryTarget>; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { targets: new Map(), problems: ['DELIVERY_TARGETS: the file is not valid JSON'] };
  }
  const parsed = targetsFile.safeParse(json);
  if (!parsed.success) {
    return { targets: new Map(), problems: parsed.error.issues.map((i) => `DELIVERY_TARGETS: ${i.path.join('.') || 'file'}: ${i.message}`) };
  }
  const problems: string[] = [];
  for (const [name, target] of Object.entries(parsed.data)) {
    if (target.type === 's3' && Boolean(target.accessKeyId) !== Boolean(target.secretAccessKey)) {
      problems.push(`DELIVERY_TARGETS: ${name}: give both accessKeyId and secretAccessKey, or neither (the SDK's default chain)`);
    }
  }
  return { targets: new Map(Object.entries(parsed.data).map(([name, target]) => [name, { ...target, name }])), problems };
}

/** Reads DELIVERY_TARGETS and EXPORT_DIR; returns every problem rather than throwing (config.ts lists them all). */
export function loadDeliverySettings(env: Record<string, string | undefined>): { settings: DeliverySettings; problems: string[] } {
  const problems: string[] = [];
  let targets = new Map<string, DeliveryTarget>();
  const file = env.DELIVERY_TARGETS?.trim();
  if (file) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`DELIVERY_TARGETS: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (text !== undefined) {
      const parsed = parseDeliveryTargets(text);
      targets = parsed.targets;
      problems.push(...parsed.problems);
    }
  }
  const exportDir = env.EXPORT_DIR?.trim() ? resolve(env.EXPORT_DIR.trim()) : null;
  if (env.EXPORT_DIR?.trim() && !isAbsolute(env.EXPORT_DIR.trim())) problems.push('EXPORT_DIR: give an absolute path');
  return { settings: { targets, exportDir }, problems };
}

/** What registering a destination may name: the configured targets' names and whether folder export is on (no credentials). */
export function deliveryOptionsOf(settings: DeliverySettings): { pushTargets: string[]; folderExport: boolean } {
  return { pushTargets: [...settings.targets.keys()].sort(), folderExport: settings.exportDir !== null };
}
