/**
 * images.strip_metadata: nothing is left for exifr or the checks' metadata family to find, and the
 * decoded pixels equal the original's with its orientation applied (exactly where the path is
 * lossless; within a stated tolerance where a rotated JPEG must be encoded again).
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanBuffer } from '../../checks/engine/scan-buffer';
import { TEST_CHECK_CONTEXT } from '../../checks/engine/line-detectors.testing';
import { PRESETS } from '../../checks/shared/presets';
import { RedactionError, type RedactionOutcome } from '../types';
import { type Format, HEIGHT, WIDTH, decoded, photo } from './images.testing';
import { stripMetadataOperation } from './strip-metadata.operation';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strip-metadata-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MEDIA: Record<Format, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', tiff: 'image/tiff' };
let n = 0;

async function strip(bytes: Buffer, mediaType: string, memoryBudgetBytes = 1 << 26): Promise<{ out: Buffer; outcome: RedactionOutcome; outPath: string }> {
  const path = join(dir, `in-${++n}`);
  await writeFile(path, bytes);
  const outPath = join(dir, `out-${n}`);
  const outcome = await stripMetadataOperation.apply({ path, name: `photo-${n}`, bytes: bytes.length, mediaType }, {}, outPath, {
    parameters: PRESETS.acro,
    signal: new AbortController().signal,
    memoryBudgetBytes,
    targets: [],
  });
  return { out: await readFile(outPath), outcome, outPath };
}

/** Every block exifr can read, ICC and the PNG header aside. */
const EVERYTHING = {
  tiff: true,
  ifd0: true,
  ifd1: true,
  exif: true,
  gps: true,
  interop: true,
  xmp: true,
  iptc: true,
  jfif: false,
  icc: false,
  ihdr: false,
  makerNote: true,
  userComment: true,
  multiSegment: true,
  mergeOutput: false,
} as unknown as Parameters<typeof exifr.parse>[1];

/** The tags that make a TIFF's structure (TIFF 6.0 baseline and extensions for layout and coding). */
const TIFF_STRUCTURE = new Set([
  'ImageWidth',
  'ImageHeight',
  'BitsPerSample',
  'Compression',
  'PhotometricInterpretation',
  'StripOffsets',
  'Orientation',
  'SamplesPerPixel',
  'RowsPerStrip',
  'StripByteCounts',
  'XResolution',
  'YResolution',
  'PlanarConfiguration',
  'ResolutionUnit',
  'Predictor',
  'SampleFormat',
  'ExtraSamples',
]);

async function metadataFindings(bytes: Buffer, name: string) {
  return (await scanBuffer(bytes, name, TEST_CHECK_CONTEXT)).findings.filter((f) => f.family === 'metadata');
}

/** The largest difference of one channel of one pixel, and the mean difference. */
function difference(a: Buffer, b: Buffer): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

describe('images.strip_metadata', () => {
  const cases: [Format, number][] = [
    ['jpeg', 1],
    ['jpeg', 6],
    ['png', 1],
    ['png', 8],
    ['webp', 1],
    ['webp', 3],
    ['tiff', 1],
    ['tiff', 5],
  ];

  it.each(cases)('%s with orientation %i: no metadata left, and the pixels are the oriented original', async (format, orientation) => {
    const original = await photo(format, orientation);
    const name = `photo.${format}`;
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(orientation);
    expect(before.xmp).toBeDefined();
    // libvips writes EXIF (and so GPS) into every format here but TIFF, where the XMP creator stands in.
    if (format !== 'tiff') expect(before.exif).toBeDefined();
    if (format !== 'webp' && format !== 'tiff') expect((await exifr.parse(original, EVERYTHING))?.gps).toBeDefined();
    expect((await metadataFindings(original, name)).map((f) => f.rule)).toContain(format === 'tiff' ? 'metadata.person_name' : 'metadata.gps');

    const { out, outcome } = await strip(original, MEDIA[format]);

    const after = await sharp(out).metadata();
    expect(after.format).toBe(before.format);
    expect([after.exif, after.xmp, after.iptc, after.comments]).toEqual([undefined, undefined, undefined, undefined]);
    expect(after.orientation ?? 1).toBe(1);
    // exifr reads no WebP: for it, sharp's reading above is the check.
    // A TIFF's IFD0 is its structure (size, coding, strips): only those tags may be left.
    if (format === 'tiff') expect(Object.keys((await exifr.parse(out, EVERYTHING)) as object)).toEqual(['ifd0']);
    if (format === 'tiff') expect(Object.keys(((await exifr.parse(out, EVERYTHING)) as { ifd0: object }).ifd0).filter((k) => !TIFF_STRUCTURE.has(k))).toEqual([]);
    if (format !== 'webp' && format !== 'tiff') expect(await exifr.parse(out, EVERYTHING)).toBeUndefined();
    expect(await metadataFindings(out, name)).toEqual([]);
    expect(out.toString('latin1')).not.toContain('Jane Photographer');
    expect(out.toString('latin1')).not.toContain('Acacia');

    const want = await decoded(original, true);
    const got = await decoded(out, false);
    expect([got.width, got.height, got.channels]).toEqual([want.width, want.height, want.channels]);
    expect([got.width, got.height]).toEqual(orientation >= 5 ? [HEIGHT, WIDTH] : [WIDTH, HEIGHT]);
    if (format === 'jpeg' && orientation !== 1) {
      // A rotated JPEG is encoded again (quality 95, 4:4:4): close to the decoded, turned original, not equal.
      const d = difference(got.data, want.data);
      expect(d.mean).toBeLessThan(1.5);
      expect(d.max).toBeLessThanOrEqual(16);
      expect(outcome.changes.map((c) => c.change)).toContain('re-encoded the picture (quality 95)');
    } else {
      expect(got.data.equals(want.data)).toBe(true);
    }
    if (orientation !== 1) expect(outcome.changes.map((c) => c.change)).toContain(`applied orientation ${orientation} to the pixels`);
    expect(outcome.changes.map((c) => c.change)).toContain(format === 'tiff' ? 'removed XMP' : 'removed EXIF');
  });

  it('cuts metadata out of an upright JPEG without touching its coded picture', async () => {
    const original = await photo('jpeg', 1);
    const { out, outcome } = await strip(original, 'image/jpeg');
    const sos = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(sos(out).equals(sos(original))).toBe(true);
    expect(outcome.changes.map((c) => c.change).sort()).toEqual(['removed EXIF', 'removed XMP', 'removed comment']);
  });

  it('turns the pixels for each of the eight orientations', async () => {
    for (let orientation = 1; orientation <= 8; orientation++) {
      const original = await photo('png', orientation);
      const { out } = await strip(original, 'image/png');
      expect((await decoded(out, false)).data.equals((await decoded(original, true)).data), `orientation ${orientation}`).toBe(true);
    }
  });

  it('keeps the ICC colour profile, so colours stay as they were', async () => {
    const original = await photo('jpeg', 1, { icc: 'p3' });
    const { out } = await strip(original, 'image/jpeg');
    const icc = (await sharp(out).metadata()).icc;
    expect(icc?.equals((await sharp(original).metadata()).icc!)).toBe(true);
    expect((await decoded(out, false)).data.equals((await decoded(original, true)).data)).toBe(true);
  });
});

describe('images.strip_metadata refuses what it cannot do', () => {
  const code = async (promise: Promise<unknown>) => ((await promise.catch((e: unknown) => e)) as RedactionError).code;

  it('refuses bytes that are not the picture their type says', async () => {
    expect(await code(strip(Buffer.from('not a picture at all'), 'image/jpeg'))).toBe('redaction.unparseable');
    expect(await code(strip(await photo('png'), 'image/jpeg'))).toBe('redaction.unparseable');
    const truncated = await photo('jpeg', 1);
    expect(await code(strip(truncated.subarray(0, truncated.length / 2), 'image/jpeg'))).toBe('redaction.unparseable');
  });

  it('refuses a format it does not handle, and a HEIC it cannot decode', async () => {
    const gif = await sharp(Buffer.alloc(12), { raw: { width: 2, height: 2, channels: 3 } })
      .gif()
      .toBuffer();
    expect(stripMetadataOperation.supports({ name: 'a.gif', mediaType: 'image/gif' })).toBe(false);
    expect(await code(strip(gif, 'image/gif'))).toBe('redaction.unsupported_format');
    const heicLike = Buffer.concat([Buffer.from('000000186674797068656963000000006d69663168656963', 'hex'), Buffer.alloc(64)]);
    expect(await code(strip(heicLike, 'image/heic'))).toBe('redaction.unsupported_format');
  });

  it('refuses a picture larger than the memory budget, and writes nothing', async () => {
    const big = await photo('png', 6, { width: 400, height: 300 });
    expect(await code(strip(big, 'image/png', big.length - 1))).toBe('redaction.too_large');
    // Small enough to read, too large to decode (400×300×3 bytes).
    expect(await code(strip(big, 'image/png', big.length + 1000))).toBe('redaction.too_large');
    await expect(stat(join(dir, `out-${n}`))).rejects.toThrow();
  });

  it('says there is nothing to change in a picture without metadata', async () => {
    const clean = await sharp(Buffer.alloc(48), { raw: { width: 4, height: 4, channels: 3 } })
      .png()
      .toBuffer();
    expect(await code(strip(clean, 'image/png'))).toBe('redaction.nothing_to_change');
  });
});
