/**
 * `images.strip_metadata`: removes all metadata from a JPEG, PNG, TIFF, WebP or HEIF/AVIF picture
 * (EXIF with GPS, XMP, IPTC, comments, PNG text, thumbnails, extra pictures), and turns the
 * pixels as the stored orientation said, so the picture looks the same with no tag left to say it.
 *
 * An upright JPEG, PNG or WebP has its metadata cut out of the file without decoding it
 * (jpeg-strip.ts, png-strip.ts, webp-strip.ts): the picture's bytes are untouched. Anything else
 * is decoded and written again (reencode.ts). The ICC colour profile is kept in both cases: it
 * describes colours, not people, and dropping or converting it would change how the picture
 * looks. The result is opened again and refused if any metadata is still there.
 *
 * Example: a phone photo (JPEG, orientation 6, GPS) becomes an upright JPEG with no EXIF; its
 * outcome lists `removed EXIF`, `removed XMP`, `applied orientation 6 to the pixels`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { z } from 'zod';
import { MAX_LISTED_CHANGES, RedactionError, type RedactionOperation, type RedactionSource } from '../types';
import { stripJpeg } from './jpeg-strip';
import { stripPng } from './png-strip';
import { type ImageFormat, reencode } from './reencode';
import { stripWebp } from './webp-strip';

export const stripMetadataParameters = z.object({}).strict();
export type StripMetadataParameters = z.infer<typeof stripMetadataParameters>;

const FORMATS: Record<string, ImageFormat> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/tiff': 'tiff',
  'image/heic': 'heif',
  'image/heif': 'heif',
  'image/avif': 'heif',
};

const STRIPPERS: Partial<Record<ImageFormat, (bytes: Buffer) => { bytes: Buffer; removed: string[] }>> = { jpeg: stripJpeg, png: stripPng, webp: stripWebp };

/** sharp's name for each format, to check the file is what its type says. */
const SHARP_FORMATS: Record<ImageFormat, string[]> = { jpeg: ['jpeg'], png: ['png'], webp: ['webp'], tiff: ['tiff'], heif: ['heif'] };

async function readMetadata(bytes: Buffer, format: ImageFormat, mediaType: string): Promise<Metadata> {
  try {
    return await sharp(bytes).metadata();
  } catch {
    // The prebuilt image library decodes AV1 (AVIF) but not HEVC, which most HEIC photos use.
    if (format === 'heif') throw new RedactionError('redaction.unsupported_format', `This ${mediaType} picture cannot be decoded here (HEVC-coded HEIC is not supported): redact it inside`);
    throw new RedactionError('redaction.unparseable', `The ${format.toUpperCase()} picture cannot be read`);
  }
}

/** Whether any metadata block is still in the picture. */
async function leftovers(bytes: Buffer): Promise<string[]> {
  const meta = await sharp(bytes).metadata();
  const left: string[] = [];
  if (meta.exif) left.push('EXIF');
  if (meta.xmp) left.push('XMP');
  if (meta.iptc) left.push('IPTC');
  if (meta.comments?.length) left.push('comments');
  if ((meta.orientation ?? 1) !== 1) left.push('orientation');
  return left;
}

export const stripMetadataOperation: RedactionOperation<StripMetadataParameters> = {
  id: 'images.strip_metadata',
  family: 'images',
  title: 'Remove image metadata',
  description: 'Removes EXIF (with GPS), XMP, IPTC, comments and thumbnails from a picture and turns its pixels as its stored orientation said, so it looks the same.',
  parameters: stripMetadataParameters,
  supports: (file: Pick<RedactionSource, 'name' | 'mediaType'>) => file.mediaType in FORMATS,
  async apply(source, _params, outPath, ctx) {
    const format = FORMATS[source.mediaType];
    if (!format) throw new RedactionError('redaction.unsupported_format', `Metadata removal works on JPEG, PNG, TIFF, WebP and HEIF pictures, not ${source.mediaType}`);
    if (source.bytes > ctx.memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The picture is larger than the memory budget (${ctx.memoryBudgetBytes} bytes)`);
    const bytes = await readFile(source.path);
    const meta = await readMetadata(bytes, format, source.mediaType);
    if (!SHARP_FORMATS[format].includes(meta.format)) throw new RedactionError('redaction.unparseable', `The file is not a ${format.toUpperCase()} picture`);
    const orientation = meta.orientation ?? 1;
    const strip = STRIPPERS[format];

    const changes: string[] = [];
    let out: Buffer;
    if (strip && orientation === 1) {
      const stripped = strip(bytes);
      out = stripped.bytes;
      changes.push(...stripped.removed.map((kind) => `removed ${kind}`));
    } else {
      out = await reencode(bytes, format, ctx.memoryBudgetBytes);
      for (const [kind, present] of [
        ['EXIF', meta.exif],
        ['XMP', meta.xmp],
        ['IPTC', meta.iptc],
        ['comments', meta.comments?.length],
      ] as const) {
        if (present) changes.push(`removed ${kind}`);
      }
      if (orientation !== 1) changes.push(`applied orientation ${orientation} to the pixels`);
      changes.push(`re-encoded the picture (${format === 'jpeg' || (format === 'webp' && !bytes.includes('VP8L')) ? 'quality 95' : 'lossless'})`);
    }
    const left = await leftovers(out);
    if (left.length > 0) throw new Error(`metadata still present after removal: ${left.join(', ')}`);
    if (changes.length === 0) throw new RedactionError('redaction.nothing_to_change', 'The picture has no metadata to remove');
    await writeFile(outPath, out);
    return { changeCount: changes.length, changes: changes.slice(0, MAX_LISTED_CHANGES).map((change) => ({ change })) };
  },
};
