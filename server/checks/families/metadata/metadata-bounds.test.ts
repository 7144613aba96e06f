import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted } from '../../engine/types';
import { imageHandler } from './image.check';
import { malformedJpegMetadata, tiffProblem } from './metadata-bounds';
import { ascii, gpsPosition, iptc, jpeg, TAGS, tiff, webp } from './images.testing';

const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });

async function scan(bytes: Buffer, mediaType = 'image/jpeg'): Promise<Extracted> {
  const result = await imageHandler.extract(bytes, { path: 'x', name: 'x', bytes: bytes.length, mediaType }, ctx());
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}
const rules = (r: Extracted) => r.findings.map((f) => `${f.rule}:${f.severity}`).sort();
const SHEFFIELD = gpsPosition([53, 22, 58.25], 'N', [1, 27, 24.04], 'W');

/** Byte offset of IFD0's entry for `tag` in a little-endian TIFF from `tiff()`. */
function entryAt(t: Buffer, tag: number, ifd = t.readUInt32LE(4)): number {
  const n = t.readUInt16LE(ifd);
  for (let i = 0; i < n; i++) if (t.readUInt16LE(ifd + 2 + 12 * i) === tag) return ifd + 2 + 12 * i;
  throw new Error(`no tag ${tag}`);
}

/** A copy of the TIFF with a 32-bit field rewritten. */
function patched(t: Buffer, at: number, value: number, bytes: 2 | 4 = 4): Buffer {
  const copy = Buffer.from(t);
  if (bytes === 4) copy.writeUInt32LE(value, at);
  else copy.writeUInt16LE(value, at);
  return copy;
}

const cameraWithGps = () => tiff({ ifd0: [ascii(TAGS.make, 'Canon'), ascii(TAGS.artist, 'Ada Lovelace')], gps: SHEFFIELD });

describe('malformed EXIF and IPTC blocks', () => {
  it('marks a JPEG whose GPS IFD pointer leaves the EXIF block unreadable, keeping what was read', async () => {
    const t = cameraWithGps();
    const r = await scan(jpeg({ exif: patched(t, entryAt(t, TAGS.gpsPointer) + 8, 0x00ffffff) }));
    expect(r.unreadable).toBe('EXIF block is malformed: the GPS IFD lies outside the segment');
    expect(rules(r)).toEqual(['metadata.device:info', 'metadata.person_name:review']);
  });

  it('marks out-of-line values and entry tables that run past the block as malformed', () => {
    const t = cameraWithGps();
    expect(tiffProblem(patched(t, entryAt(t, TAGS.make) + 8, t.length - 2))).toBe('a value of the IFD0 (tag 0x010f) lies outside the segment');
    expect(tiffProblem(patched(t, t.readUInt32LE(4), 500, 2))).toBe('the IFD0 entry table runs past the end of the segment');
    expect(tiffProblem(patched(t, 4, t.length + 100))).toBe('the IFD0 lies outside the segment');
    expect(tiffProblem(Buffer.from('XX*\0\x08\0\0\0', 'latin1'))).toBe('unknown byte order');
  });

  it('marks an IPTC dataset or Photoshop resource running past its block as malformed', async () => {
    const good = iptc({ 80: 'Ada Lovelace', 120: 'A caption' });
    const longDataset = Buffer.from(good);
    longDataset.writeUInt16BE(0x0400, 26 + 3);
    expect(malformedJpegMetadata(jpeg({ iptc: longDataset }))).toBe('IPTC block is malformed: an IPTC dataset runs past the end of its block');
    const longResource = Buffer.from(good);
    longResource.writeUInt32BE(0x10000, 22);
    const r = await scan(jpeg({ iptc: longResource }));
    expect(r.unreadable).toBe('IPTC block is malformed: a Photoshop resource runs past the end of the segment');
  });

  it('reads sound blocks as before: valid EXIF, a sub-IFD "next IFD" of 0xFFFFFFFF, zero padding after IPTC datasets', async () => {
    const t = cameraWithGps();
    expect(malformedJpegMetadata(jpeg({ exif: t }))).toBeUndefined();
    // Some cameras leave 0xFFFFFFFF as the GPS IFD's next pointer; readers never follow it.
    const gpsIfd = t.readUInt32LE(entryAt(t, TAGS.gpsPointer) + 8);
    const flir = patched(t, gpsIfd + 2 + 12 * t.readUInt16LE(gpsIfd), 0xffffffff);
    const r = await scan(jpeg({ exif: flir }));
    expect(r.unreadable).toBeUndefined();
    expect(rules(r)).toEqual(['metadata.device:info', 'metadata.gps:review', 'metadata.person_name:review']);
    // IPTC datasets followed by zero padding inside their resource.
    const good = iptc({ 80: 'Ada Lovelace' });
    const padded = Buffer.concat([good.subarray(0, 26), good.subarray(26, 26 + good.readUInt32BE(22)), Buffer.alloc(4)]);
    padded.writeUInt32BE(good.readUInt32BE(22) + 4, 22);
    const withPadding = await scan(jpeg({ iptc: padded }));
    expect(withPadding.unreadable).toBeUndefined();
    expect(rules(withPadding)).toEqual(['metadata.person_name:review']);
    // A WebP's EXIF chunk goes through the same check.
    expect((await scan(webp(t), 'image/webp')).unreadable).toBeUndefined();
  });
});
