import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted } from '../../engine/types';
import { BLOCK_PIXELS, REVIEW_PIXELS } from './image-bomb';
import { imageHandler } from './image.check';
import { declaredCanvas } from './image-size';
import { MAX_GIF_BLOCKS } from './gif-blocks';
import { MAX_JPEG_SEGMENTS } from './jpeg-segments';
import { ascii, gif, gpsPosition, jpeg, png, TAGS, tiff, webp } from './images.testing';

const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });

async function scan(bytes: Buffer, mediaType: string): Promise<Extracted> {
  const result = await imageHandler.extract(bytes, { path: 'x', name: 'x', bytes: bytes.length, mediaType }, ctx());
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}
const rules = (r: Extracted) => r.findings.map((f) => `${f.rule}:${f.severity}`).sort();
const long = (tag: number, value: number) => ({ tag, type: 'LONG' as const, value: [value] });
/** The image with `count` copies of the block `pad` inserted at byte `at`. */
const padded = (image: Buffer, at: number, pad: number[], count: number) => Buffer.concat([image.subarray(0, at), ...Array<Buffer>(count).fill(Buffer.from(pad)), image.subarray(at)]);
/** An empty APP0 segment (length 2, no payload), inserted after the JPEG's SOI. */
const paddedJpeg = (image: Buffer, count: number) => padded(image, 2, [0xff, 0xe0, 0x00, 0x02], count);
/** An empty comment extension, inserted after the header and colour table of a GIF from `gif()`. */
const paddedGif = (image: Buffer, count: number) => padded(image, 19, [0x21, 0xfe, 0x00], count);

describe('image decompression bombs', () => {
  it('uses Pillow’s limits: review past 89,478,485 pixels, block past twice that', () => {
    expect(REVIEW_PIXELS).toBe(89_478_485);
    expect(BLOCK_PIXELS).toBe(178_956_970);
  });

  it('judges the exact limits as the code compares them: review past 89,478,485 pixels, block past 178,956,970', async () => {
    // A PNG N pixels wide and 1 high declares exactly N pixels.
    const line = (pixels: number) => scan(png({ width: pixels, height: 1 }), 'image/png');
    expect(await line(89_478_485)).toEqual({ findings: [] });
    expect(rules(await line(89_478_486))).toEqual(['archive.image_bomb:review']);
    expect(rules(await line(178_956_970))).toEqual(['archive.image_bomb:review']);
    expect(rules(await line(178_956_971))).toEqual(['archive.image_bomb:block']);
  });

  it('reads the declared canvas of each format from its header', () => {
    expect(declaredCanvas(png({ width: 640, height: 480 }), 'image/png').canvas).toEqual({ width: 640, height: 480 });
    expect(declaredCanvas(jpeg({ size: { width: 4000, height: 3000 } }), 'image/jpeg').canvas).toEqual({ width: 4000, height: 3000 });
    expect(declaredCanvas(jpeg(), 'image/jpeg').canvas).toBeUndefined();
    expect(declaredCanvas(webp(tiff({ ifd0: [] }), { width: 1920, height: 1080 }), 'image/webp').canvas).toEqual({ width: 1920, height: 1080 });
    expect(declaredCanvas(tiff({ ifd0: [long(TAGS.imageWidth, 300), long(TAGS.imageLength, 200)] }), 'image/tiff').canvas).toEqual({ width: 300, height: 200 });
    expect(declaredCanvas(gif({ width: 2, height: 2 }), 'image/gif').canvas).toEqual({ width: 2, height: 2 });
  });

  it('blocks every format past twice the limit, from the header alone', async () => {
    expect(rules(await scan(jpeg({ size: { width: 65000, height: 65000 } }), 'image/jpeg'))).toEqual(['archive.image_bomb:block']);
    expect(rules(await scan(webp(tiff({ ifd0: [] }), { width: 16000, height: 16000 }), 'image/webp'))).toEqual(['archive.image_bomb:block']);
    expect(rules(await scan(tiff({ ifd0: [long(TAGS.imageWidth, 100_000), long(TAGS.imageLength, 100_000)] }), 'image/tiff'))).toEqual(['archive.image_bomb:block']);
    expect(rules(await scan(png({ width: 20_000, height: 20_000 }), 'image/png'))).toEqual(['archive.image_bomb:block']);
  });

  it('blocks a bomb hidden behind 10,000 padding blocks: the header walk reads past them', async () => {
    const jpegBomb = paddedJpeg(jpeg({ size: { width: 65000, height: 65000 } }), 10_000);
    expect(jpegBomb.length).toBeGreaterThan(40_000);
    expect(rules(await scan(jpegBomb, 'image/jpeg'))).toEqual(['archive.image_bomb:block']);
    const gifBomb = paddedGif(gif({ width: 65535, height: 65535 }), 10_000);
    expect(rules(await scan(gifBomb, 'image/gif'))).toEqual(['archive.image_bomb:block']);
  });

  it('makes an image unreadable, never a silent pass, when padding outlasts the walk limit', async () => {
    const jpegBomb = await scan(paddedJpeg(jpeg({ size: { width: 65000, height: 65000 } }), MAX_JPEG_SEGMENTS + 1), 'image/jpeg');
    expect(jpegBomb).toEqual({ findings: [], unreadable: 'JPEG header walk stopped: over 100,000 segments before the image data' });
    const gifBomb = await scan(paddedGif(gif({ width: 65535, height: 65535 }), MAX_GIF_BLOCKS + 1), 'image/gif');
    expect(gifBomb).toEqual({ findings: [], unreadable: 'GIF header walk stopped: over 100,000 blocks, so not every frame size was read' });
    // At the limit itself the walk reaches the frame.
    expect(rules(await scan(paddedGif(gif({ width: 65535, height: 65535 }), MAX_GIF_BLOCKS - 1), 'image/gif'))).toEqual(['archive.image_bomb:block']);
  });

  it('does not fire on padding alone: padded images of ordinary size are read as sound', async () => {
    expect(await scan(paddedGif(gif({ width: 2, height: 2 }), 10_000), 'image/gif')).toEqual({ findings: [] });
    const photo = paddedJpeg(jpeg({ size: { width: 4000, height: 3000 }, exif: tiff({ ifd0: [ascii(TAGS.make, 'Canon')] }) }), 10_000);
    const r = await scan(photo, 'image/jpeg');
    expect(r.unreadable).toBeUndefined();
    expect(rules(r)).toEqual(['metadata.device:info']);
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
