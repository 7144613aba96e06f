/**
 * Project closure over the API (docs/closure.md): the output-area inventory and its refreshes,
 * the closure checklist (every file's fate and every gap), marking files retained or discarded
 * (by folder, glob pattern or list, with one reason) and waiving checklist items.
 *
 * Example: `GET /projects/:id/closure` → `{ complete: false, gaps: [{ code: 'closure.link_open', key: LINK_ID, … }], … }`.
 */
import { z } from 'zod';
import { CLOSURE_GAP_CODES, FILE_FATES, FILE_MARKS, INVENTORY_STATES } from '../vocab/closure';
import { PROJECT_STATUSES } from '../vocab/statuses';
import { idSchema, isoDateSchema } from './common.contract';

/** Most file gaps listed in one checklist (the counts are always complete; the files view pages through the rest). */
export const CHECKLIST_FILE_GAPS_SHOWN = 200;
/** Most files in one page of the checklist's files. */
export const CLOSURE_FILES_PAGE_MAX = 1000;
/** Most paths one marking request may name. */
export const CLOSURE_MARK_MAX_PATHS = 10_000;
/** Longest reason for a mark or a waiver. */
export const CLOSURE_REASON_MAX = 2000;

const personSchema = z.object({ id: idSchema, name: z.string() });

export const inventoryRefreshSchema = z.object({
  id: idSchema,
  state: z.enum(INVENTORY_STATES),
  requestedAt: isoDateSchema,
  requestedBy: personSchema.nullable(),
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
  /** Files in the area at this run. */
  files: z.number().int(),
  /** Files read and hashed (new, or size / time / etag changed). */
  hashed: z.number().int(),
  /** Files whose hash was kept (size, time and etag unchanged). */
  kept: z.number().int(),
  /** Files gone since the previous run. */
  removed: z.number().int(),
  /** Entries that are not files of the area (links leaving it, devices, unusable names). */
  skipped: z.number().int(),
  /** Files that could not be read to hash them. */
  unreadable: z.number().int(),
  error: z.string().nullable(),
});
export type InventoryRefresh = z.infer<typeof inventoryRefreshSchema>;

export const inventoryStatusSchema = z.object({
  projectId: idSchema,
  outputArea: z.string().nullable(),
  /** The newest run, whatever its state. */
  latest: inventoryRefreshSchema.nullable(),
  /** The newest run that finished. */
  lastComplete: inventoryRefreshSchema.nullable(),
});
export type InventoryStatus = z.infer<typeof inventoryStatusSchema>;

export const fileEgressSchema = z.object({
  packageId: idSchema,
  packageName: z.string(),
  /** The path in the package (may differ from the output-area path: matched by content). */
  path: z.string(),
  versionNumber: z.number().int(),
  releasedAt: isoDateSchema,
  destination: z.string().nullable(),
});

export const fileMarkSchema = z.object({ fate: z.enum(['retained', 'discarded']), reason: z.string(), by: personSchema.nullable(), at: isoDateSchema });

export const closureFileSchema = z.object({
  path: z.string(),
  bytes: z.number(),
  mtimeMs: z.number(),
  sha256: z.string().nullable(),
  fate: z.enum(FILE_FATES),
  /** How it left (fate `egressed`), or which version of this path left before it changed (`changed`). */
  egress: fileEgressSchema.nullable(),
  mark: fileMarkSchema.nullable(),
});
export type ClosureFile = z.infer<typeof closureFileSchema>;

export const closureGapSchema = z.object({
  code: z.enum(CLOSURE_GAP_CODES),
  /** The item: a file's path, or a package, work package, link or project id. */
  key: z.string(),
  label: z.string(),
  detail: z.string(),
  waivable: z.boolean(),
});
export type ClosureGap = z.infer<typeof closureGapSchema>;

export const closureWaiverSchema = z.object({
  id: idSchema,
  code: z.enum(CLOSURE_GAP_CODES),
  key: z.string(),
  reason: z.string(),
  by: personSchema.nullable(),
  at: isoDateSchema,
});
export type ClosureWaiver = z.infer<typeof closureWaiverSchema>;

export const closureAbilitiesSchema = z.object({ view: z.boolean(), refreshInventory: z.boolean(), markFiles: z.boolean(), waive: z.boolean(), close: z.boolean() });

export const closureChecklistSchema = z.object({
  projectId: idSchema,
  projectStatus: z.enum(PROJECT_STATUSES),
  /** Nothing left: the project may close. */
  complete: z.boolean(),
  inventory: inventoryStatusSchema,
  files: z.object({ total: z.number().int(), byFate: z.record(z.enum(FILE_FATES), z.number().int()) }),
  /** Every gap not waived; file gaps up to CHECKLIST_FILE_GAPS_SHOWN (the counts are complete). */
  gaps: z.array(closureGapSchema),
  gapCounts: z.record(z.string(), z.number().int()),
  gapTotal: z.number().int(),
  /** Waivers in force. */
  waivers: z.array(closureWaiverSchema),
  abilities: closureAbilitiesSchema,
});
export type ClosureChecklist = z.infer<typeof closureChecklistSchema>;

export const closureFilesQuerySchema = z
  .object({
    fate: z.enum(FILE_FATES).optional(),
    /** The `next` of the previous page (a path). */
    after: z.string().max(4200).optional(),
    limit: z.coerce.number().int().min(1).max(CLOSURE_FILES_PAGE_MAX).default(200),
  })
  .strict();
export type ClosureFilesQuery = z.infer<typeof closureFilesQuerySchema>;

export const closureFilesPageSchema = z.object({ files: z.array(closureFileSchema), total: z.number().int(), next: z.string().nullable() });
export type ClosureFilesPage = z.infer<typeof closureFilesPageSchema>;

export const markClosureFilesRequestSchema = z
  .object({
    /** Every file under this folder of the area ('' for all). */
    folder: z.string().max(4096).optional(),
    /** A glob on the path: `*` within a folder name, `**` across folders, `?` one character. */
    pattern: z.string().min(1).max(4096).optional(),
    paths: z.array(z.string().min(1).max(4096)).min(1).max(CLOSURE_MARK_MAX_PATHS).optional(),
    fate: z.enum(FILE_MARKS),
    reason: z.string().max(CLOSURE_REASON_MAX),
  })
  .strict();
export type MarkClosureFilesRequest = z.infer<typeof markClosureFilesRequestSchema>;

export const markClosureFilesReportSchema = z.object({
  fate: z.enum(FILE_MARKS),
  /** Inventory files the selection matched. */
  matched: z.number().int(),
  /** Files whose mark changed. */
  marked: z.number().int(),
  /** Matched files left alone because they were egressed. */
  skippedEgressed: z.number().int(),
});
export type MarkClosureFilesReport = z.infer<typeof markClosureFilesReportSchema>;

export const waiveClosureItemRequestSchema = z.object({ code: z.enum(CLOSURE_GAP_CODES), key: z.string().min(1).max(4096), reason: z.string().max(CLOSURE_REASON_MAX) }).strict();
export type WaiveClosureItemRequest = z.infer<typeof waiveClosureItemRequestSchema>;
