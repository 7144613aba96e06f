import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../common/contracts/scan.contract';
import { PRESETS } from '../presets';
import type { CheckContext, Extracted } from '../types';
import { BLOCK_PIXELS, REVIEW_PIXELS } from './image-bomb';
import { imageHandler } from './image.check';
import { declaredCanvas } from './image-size';
import { ascii, gif, gpsPosition, jpeg, png, TAGS, tiff, webp } from './test-images';

const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });

async function scan(bytes: Buffer, mediaType: string): Promise<Extracted> {
  const result = await imageHandler.extract(bytes, { path: 'x', name: 'x', bytes: bytes.length, mediaType }, ctx());
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}
const rules = (r: Extracted) => r.findings.map((f) => `${f.rule}:${f.severity}`).sort();
const long = (tag: number, value: number) => ({ tag, type: 'LONG' as const, value: [value] });

describe('image decompression bombs', () => {
  it('uses Pillow’s limits: review past 89,478,485 pixels, block past twice that', () => {
    expect(REVIEW_PIXELS).toBe(89_478_485);
    expect(BLOCK_PIXELS).toBe(178_956_970);
  });

  it('reads the declared canvas of each format from its header', () => {
    expect(declaredCanvas(png({ width: 640, height: 480 }), 'image/png')).toEqual({ width: 640, height: 480 });
    expect(declaredCanvas(jpeg({ size: { width: 4000, height: 3000 } }), 'image/jpeg')).toEqual({ width: 4000, height: 3000 });
    expect(declaredCanvas(jpeg(), 'image/jpeg')).toBeUndefined();
    expect(declaredCanvas(webp(tiff({ ifd0: [] }), { width: 1920, height: 1080 }), 'image/webp')).toEqual({ width: 1920, height: 1080 });
    expect(declaredCanvas(tiff({ ifd0: [long(TAGS.imageWidth, 300), long(TAGS.imageLength, 200)] }), 'image/tiff')).toEqual({ width: 300, height: 200 });
    expect(declaredCanvas(gif({ width: 2, height: 2 }), 'image/gif')).toEqual({ width: 2, height: 2 });
  });

  it('blocks every format past twice the limit, from the header alone', async () => {
    expect(rules(await scan(jpeg({ size: { width: 65000, height: 65000 } }), 'image/jpeg'))).toEqual(['archive.image_bomb:block']);
    expect(rules(await scan(webp(tiff({ ifd0: [] }), { width: 16000, height: 16000 }), 'image/webp'))).toEqual(['archive.image_bomb:block']);
    expect(rules(await scan(tiff({ ifd0: [long(TAGS.imageWidth, 100_000), long(TAGS.imageLength, 100_000)] }), 'image/tiff'))).toEqual(['archive.image_bomb:block']);
    expect(rules(await scan(png({ width: 20_000, height: 20_000 }), 'image/png'))).toEqual(['archive.image_bomb:block']);
  });

  it('asks for review between the two limits and still reads the metadata', async () => {
    const r = await scan(jpeg({ size: { width: 10_000, height: 10_000 }, exif: tiff({ ifd0: [], gps: gpsPosition([53, 22, 58.25], 'N', [1, 27, 24.04], 'W') }) }), 'image/jpeg');
    expect(rules(r)).toEqual(['archive.image_bomb:review', 'metadata.gps:review']);
    expect(r.findings.find((f) => f.rule === 'archive.image_bomb')?.message).toMatch(/10000×10000/);
  });

  it('does not fire on large legitimate images under the limit, whose metadata is still read', async () => {
    // 9000×9000 = 81 million pixels: a large scan or map, not a bomb.
    expect(await scan(png({ width: 9000, height: 9000 }), 'image/png')).toEqual({ findings: [] });
    expect(rules(await scan(jpeg({ size: { width: 9000, height: 9000 }, exif: tiff({ ifd0: [ascii(TAGS.make, 'Canon')] }) }), 'image/jpeg'))).toEqual(['metadata.device:info']);
    expect(await scan(webp(tiff({ ifd0: [] }), { width: 8000, height: 8000 }), 'image/webp')).toEqual({ findings: [] });
    // A GIF frame inside its screen keeps the screen's size.
    expect(await scan(gif({ width: 2, height: 2 }), 'image/gif')).toEqual({ findings: [] });
  });
});
