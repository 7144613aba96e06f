/**
 * The machine-readable record of a scan: what `egress scan --json` prints and what the checks
 * stage stores per file version. Findings never carry the matched value, nor any other text of
 * the file: a name from inside it (a column header, a sheet, an archive member, a custom
 * property) is shown by its position and masked (`column 3 (“e••••”)`, `#2 d••••.csv`).
 */
import { z } from 'zod';
import { FILE_SCAN_STATUSES, FINDING_FAMILIES, SEVERITIES, VERDICTS } from '../vocab/findings';

export const findingLocationSchema = z
  .object({
    line: z.number().int().positive(),
    column: z.number().int().positive(),
    /** The sheet's name, masked (`R••••`); `sheetIndex` is its 1-based position in the workbook. */
    sheet: z.string(),
    sheetIndex: z.number().int().positive(),
    cell: z.string(),
    row: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    entry: z.string(),
    cellIndex: z.number().int().nonnegative(),
    part: z.string(),
    field: z.string(),
  })
  .partial()
  .strict();
export type FindingLocation = z.infer<typeof findingLocationSchema>;

export const findingSchema = z
  .object({
    family: z.enum(FINDING_FAMILIES),
    rule: z.string().regex(/^[a-z-]+\.[a-z0-9_]+$/),
    severity: z.enum(SEVERITIES),
    location: findingLocationSchema.optional(),
    message: z.string().min(1),
    tierHint: z.number().int().min(0).max(4).optional(),
  })
  .strict();
export type Finding = z.infer<typeof findingSchema>;

export interface ScannedEntry {
  path: string;
  sha256: string;
  bytes: number;
  mediaType: string;
  status: z.infer<typeof fileStatusSchema>;
  reason?: string;
  verdict: z.infer<typeof verdictSchema>;
  findings: Finding[];
  entries: ScannedEntry[];
}

const fileStatusSchema = z.enum(FILE_SCAN_STATUSES);
const verdictSchema = z.enum(VERDICTS);

export const scannedFileSchema: z.ZodType<ScannedEntry> = z.lazy(() =>
  z
    .object({
      path: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().nonnegative(),
      mediaType: z.string(),
      status: fileStatusSchema,
      reason: z.string().optional(),
      verdict: verdictSchema,
      findings: z.array(findingSchema),
      entries: z.array(scannedFileSchema),
    })
    .strict(),
);

export const scanReportSchema = z
  .object({
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    preset: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    files: z.array(scannedFileSchema),
    summary: z.object({ files: z.number().int(), pass: z.number().int(), review: z.number().int(), block: z.number().int(), unreadable: z.number().int() }).strict(),
  })
  .strict();
export type ScanReport = z.infer<typeof scanReportSchema>;
