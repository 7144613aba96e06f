/**
 * A project's output area over the API: setting it (system managers), browsing one folder at a
 * time with each file's status relative to a package, and copying files or folders from it into
 * a package (the bytes at that moment; a later change on disk shows as `changed`).
 */
import { z } from 'zod';
import { PACKAGE_STATUSES } from '../vocab/statuses';
import { idSchema } from './common.contract';

/** Most entries in one page of a folder listing. */
export const OUTPUT_AREA_PAGE_MAX = 1000;
/** Most files one import request may copy (folders count every file below them). */
export const OUTPUT_AREA_IMPORT_MAX_FILES = 10_000;

export const OUTPUT_AREA_FILE_STATUSES = ['new', 'in_package', 'changed', 'in_other_package', 'released'] as const;
export type OutputAreaFileStatusName = (typeof OUTPUT_AREA_FILE_STATUSES)[number];

export const setOutputAreaRequestSchema = z
  .object({
    /** An absolute folder path on the server, e.g. /mnt/output; null clears it. */
    outputArea: z.string().max(4096).nullable(),
  })
  .strict();
export type SetOutputAreaRequest = z.infer<typeof setOutputAreaRequestSchema>;

export const outputAreaSettingSchema = z.object({ projectId: idSchema, outputArea: z.string().nullable() });
export type OutputAreaSetting = z.infer<typeof outputAreaSettingSchema>;

export const browseOutputAreaQuerySchema = z
  .object({
    /** A folder relative to the output area; '' (the default) is the area itself. */
    path: z.string().max(4096).default(''),
    /** Statuses are given relative to this package (one of the project's). */
    packageId: idSchema.optional(),
    /** The `next` of the previous page. */
    after: z.string().max(4200).optional(),
    limit: z.coerce.number().int().min(1).max(OUTPUT_AREA_PAGE_MAX).default(OUTPUT_AREA_PAGE_MAX),
  })
  .strict();
export type BrowseOutputAreaQuery = z.infer<typeof browseOutputAreaQuerySchema>;

export const outputAreaEntrySchema = z.object({
  name: z.string(),
  /** Relative to the output area, '/'-separated: what to send back as `path` or in an import. */
  path: z.string(),
  kind: z.enum(['folder', 'file', 'unavailable']),
  /** Why an unavailable entry cannot be added: a link leaving the area, a device/pipe/socket, or unreadable. */
  reason: z.enum(['outside', 'special', 'unreadable']).nullable(),
  link: z.boolean(),
  bytes: z.number().int().nullable(),
  modifiedAt: z.string().nullable(),
  /** Files only. */
  status: z.enum(OUTPUT_AREA_FILE_STATUSES).nullable(),
  /** The copy in the package the listing is relative to, when it holds one. */
  inPackage: z.object({ fileId: idSchema, version: z.number().int() }).nullable(),
  /** Packages of the project holding a copy of this file. */
  packages: z.array(z.object({ id: idSchema, name: z.string(), status: z.enum(PACKAGE_STATUSES) })),
});
export type OutputAreaEntry = z.infer<typeof outputAreaEntrySchema>;

export const outputAreaListingSchema = z.object({
  projectId: idSchema,
  /** The configured folder on the server. */
  outputArea: z.string(),
  /** The listed folder, relative to the area ('' for the area itself). */
  path: z.string(),
  /** Its parent folder, or null at the top of the area. */
  parent: z.string().nullable(),
  packageId: idSchema.nullable(),
  entries: z.array(outputAreaEntrySchema),
  /** Entries in the whole folder. */
  total: z.number().int(),
  /** Pass as `after` for the next page; null on the last page. */
  next: z.string().nullable(),
});
export type OutputAreaListing = z.infer<typeof outputAreaListingSchema>;

export const importFromOutputAreaRequestSchema = z
  .object({
    /** Files or folders relative to the output area; folders are taken with everything below them. */
    paths: z.array(z.string().min(1).max(4096)).min(1).max(OUTPUT_AREA_IMPORT_MAX_FILES),
  })
  .strict();
export type ImportFromOutputAreaRequest = z.infer<typeof importFromOutputAreaRequestSchema>;

export const IMPORT_OUTCOMES = ['added', 'unchanged', 'refused', 'skipped'] as const;

export const importResultSchema = z.object({
  /** The output-area path; in the package the file has the same path. */
  path: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  fileId: idSchema.nullable(),
  version: z.number().int().nullable(),
  /** For refused and skipped paths: the stable error code and why. */
  code: z.string().nullable(),
  message: z.string().nullable(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const importReportSchema = z.object({
  packageId: idSchema,
  results: z.array(importResultSchema),
  counts: z.object({ added: z.number().int(), unchanged: z.number().int(), refused: z.number().int(), skipped: z.number().int() }),
});
export type ImportReport = z.infer<typeof importReportSchema>;
