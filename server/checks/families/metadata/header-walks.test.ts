import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted } from '../../engine/types';
import { gifBlocks } from './gif-blocks';
import { imageHandler } from './image.check';
import { declaredCanvas, MAX_TIFF_ENTRIES, MAX_TIFF_IFDS } from './image-size';
import { jpegSegments } from './jpeg-segments';
import { gif, jpeg, TAGS, tiff } from './images.testing';

const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });
const scan = (bytes: Buffer, mediaType: string): Promise<Extracted> => imageHandler.extract(bytes, { path: 'x', name: 'x', bytes: bytes.length, mediaType }, ctx());

/** A little-endian TIFF with one IFD holding LONG entries in the order given (sorted or not). */
function tiffWithEntries(entries: [tag: number, value: number][]): Buffer {
  const b = Buffer.alloc(8 + 2 + 12 * entries.length + 4);
  b.write('II*\0', 0, 'latin1');
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, value], i) => {
    const e = 10 + 12 * i;
    b.writeUInt16LE(tag, e);
    b.writeUInt16LE(4, e + 2);
    b.writeUInt32LE(1, e + 4);
    b.writeUInt32LE(value, e + 8);
  });
  return b;
}

/** A little-endian TIFF whose chain holds `count` IFDs of no entries, one after the other. */
function tiffWithEmptyIfds(count: number): Buffer {
  const b = Buffer.alloc(8 + 6 * count);
  b.write('II*\0', 0, 'latin1');
  for (let j = 0; j < count; j++) b.writeUInt32LE(j + 1 < count ? 8 + 6 * (j + 1) : 0, 8 + 6 * j + 2);
  b.writeUInt32LE(8, 4);
  return b;
}

/**
 * The hostile TIFF of the review: 10,000 overlapping IFDs 4 bytes apart, each declaring 65,535
 * entries (0xFF bytes) and chained by next-IFD pointers laid out after the shared entry tables.
 * Walked in full it is 655 million entries in an 807 KB file.
 */
function overlappingIfds(): Buffer {
  const ifds = 10_000;
  const table = 2 + 12 * 0xffff;
  const b = Buffer.alloc(8 + 4 * ifds + table, 0xff);
  b.write('II*\0', 0, 'latin1');
  b.writeUInt32LE(8, 4);
  for (let j = 0; j < ifds; j++) b.writeUInt32LE(j + 1 < ifds ? 8 + 4 * (j + 1) : 0, 8 + 4 * j + table);
  return b;
}

describe('TIFF size walk limits', () => {
  it('stops the review’s hostile TIFF (10,000 IFDs × 65,535 entries) at the entry limit and makes it unreadable', async () => {
    const hostile = overlappingIfds();
    const reason = `TIFF header walk stopped: over ${MAX_TIFF_ENTRIES.toLocaleString('en-GB')} IFD entries, so not every image size was read`;
    expect(declaredCanvas(hostile, 'image/tiff').unreadable).toBe(reason);
    expect(await scan(hostile, 'image/tiff')).toEqual({ findings: [], unreadable: reason });
  });

  it('makes a chain of more than 65,536 IFDs unreadable, and reads one of exactly 65,536', () => {
    expect(MAX_TIFF_IFDS).toBe(65_536);
    expect(declaredCanvas(tiffWithEmptyIfds(65_536), 'image/tiff')).toEqual({ canvas: { width: 0, height: 0 } });
    expect(declaredCanvas(tiffWithEmptyIfds(65_537), 'image/tiff').unreadable).toBe('TIFF header walk stopped: over 65,536 IFDs, so not every image size was read');
  });

  it('ends a looping IFD chain where it comes back, with the size read', () => {
    const t = tiff({
      ifd0: [
        { tag: TAGS.imageWidth, type: 'LONG', value: [300] },
        { tag: TAGS.imageLength, type: 'LONG', value: [200] },
      ],
    });
    t.writeUInt32LE(8, 8 + 2 + 12 * t.readUInt16LE(8));
    expect(declaredCanvas(t, 'image/tiff')).toEqual({ canvas: { width: 300, height: 200 } });
  });

  it('finds a size tag out of order or duplicated later in the IFD, and blocks the bomb it declares', async () => {
    const unsorted = tiffWithEntries([
      [TAGS.imageWidth, 10],
      [TAGS.imageLength, 10],
      [TAGS.make, 0],
      [TAGS.imageWidth, 100_000],
      [TAGS.imageLength, 100_000],
    ]);
    expect(declaredCanvas(unsorted, 'image/tiff')).toEqual({ canvas: { width: 100_000, height: 100_000 } });
    expect((await scan(unsorted, 'image/tiff')).findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['archive.image_bomb:block']);
  });
});

describe('JPEG segment and GIF block walkers', () => {
  it('gives JPEG segments before the scan, skipping fill bytes and restart markers', () => {
    const marked = Buffer.from([0xff, 0xd8, 0xff, 0xff, 0xd0, 0xff, 0xe0, 0x00, 0x02, 0xff, 0xda, 0x00, 0x02, 0xff, 0xe1, 0x00, 0x02]);
    expect([...jpegSegments(marked)]).toEqual([{ marker: 0xe0, offset: 5, length: 2 }]);
    expect([...jpegSegments(jpeg({ size: { width: 4, height: 3 } }))].map((s) => ('marker' in s ? s.marker : s.stopped))).toEqual([0xe0, 0xc0]);
  });

  it('gives GIF blocks in order, and a broken entry where the file is cut off or unknown', () => {
    const image = { kind: 'image', offset: 25, left: 0, top: 0, width: 2, height: 2 };
    expect([...gifBlocks(gif({ width: 2, height: 2 }, 'hi'))]).toEqual([{ kind: 'extension', offset: 19, label: 0xfe, dataAt: 21 }, image, { kind: 'trailer', offset: 40 }]);
    const whole = gif({ width: 2, height: 2 });
    expect([...gifBlocks(whole.subarray(0, whole.length - 3))].map((b) => (b.kind === 'broken' ? b.problem : b.kind))).toEqual(['image', 'image data cut off (truncated file)']);
    const unknown = Buffer.from(whole);
    unknown[unknown.length - 1] = 0x00;
    expect([...gifBlocks(unknown)].map((b) => (b.kind === 'broken' ? b.problem : b.kind))).toEqual(['image', 'unknown block 0x0']);
  });
});
