/**
 * A statistical-package or columnar dataset file that is not read here (a format without a
 * maintained reader, or one that could not be read): treated as row-level data, so it blocks a
 * report package and needs review in a handover package. Parquet files are read
 * (parquet.check.ts) when they fit the in-memory budget; this finding then comes only when one
 * cannot be read.
 */
import { extname } from 'node:path';
import { safeExtension } from './mask-name';
import { type CheckContext, type FileInfo, type Finding, finding } from '../engine/types';

/** A Parquet file (by its name or its detected type): the one dataset format read here (parquet.check.ts). */
export function isParquet(file: FileInfo): boolean {
  return extname(file.name).toLowerCase() === '.parquet' || file.mediaType === 'application/vnd.apache.parquet';
}

export function datasetFileFinding(file: FileInfo, ctx: CheckContext): Finding {
  const ext = safeExtension(file.name) || 'no extension';
  const why = isParquet(file) ? 'it could not be read here' : 'it cannot be read here';
  return finding('microdata', 'dataset_file', ctx.packageKind === 'report' ? 'block' : 'review', `A statistical-package dataset (${ext}): ${why} and is treated as row-level data; review it by hand`);
}

/** Whether the file's reader will judge it (and add datasetFileFinding itself when it cannot read it). */
export function datasetIsRead(file: FileInfo, ctx: CheckContext): boolean {
  return isParquet(file) && file.bytes <= ctx.parameters.maxFileBytesInMemory;
}
