/**
 * Is a JPEG's EXIF or IPTC block structurally sound? exifr reads what it can and silently skips
 * the rest, so a block whose offsets point outside it looks like a file with less metadata. This
 * walks the structure — never the values — and names the first bound that is violated:
 *
 * - EXIF (APP1 `Exif\0\0` + TIFF): the byte order and magic number; IFD0, the EXIF, GPS and
 *   interoperability IFDs must start inside the block, their entry tables must end inside it,
 *   and a value stored out of line must lie inside it. The "next IFD" pointer is not judged:
 *   readers do not follow it from the sub-IFDs, and real cameras leave 0xFFFFFFFF there.
 * - IPTC (APP13 `Photoshop 3.0\0`, segments joined as readers do): every image resource must end
 *   inside the block, and every IPTC dataset inside its resource. Zero padding after the last
 *   dataset is normal and ends the walk.
 *
 * Unusual but well-formed values (odd tag types, nonsense GPS values) are not judged here.
 *
 * Example: a GPS IFD pointer of 0x00FFFFFF in a 400-byte EXIF block gives
 * `'EXIF block is malformed: the GPS IFD lies outside the segment'`.
 */
import { jpegSegments } from './jpeg-segments';

const EXIF_ID = 'Exif\0\0';
const PHOTOSHOP_ID = 'Photoshop 3.0\0';
/** Bytes per value of each TIFF field type (1 BYTE … 13 IFD); other types are skipped, as TIFF readers do. */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];
/** Sub-IFD pointers followed by metadata readers: EXIF, GPS, interoperability. */
const SUB_IFDS: Record<number, string> = { 0x8769: 'EXIF IFD', 0x8825: 'GPS IFD', 0xa005: 'interoperability IFD' };
/** IFDs walked at most (each is visited once). */
const MAX_IFDS = 16;
const RESOURCE_SIGNATURES = new Set(['8BIM', '8B64', 'PHUT', 'AgHg', 'DCSR', 'MeSa']);
const IPTC_RESOURCE = 0x0404;

/**
 * Why the JPEG's EXIF or IPTC block is malformed (or why its segments could not all be walked),
 * or undefined when every bound holds (or there is none).
 */
export function malformedJpegMetadata(jpeg: Buffer): string | undefined {
  const photoshop: Buffer[] = [];
  for (const segment of jpegSegments(jpeg)) {
    if ('stopped' in segment) return segment.stopped;
    const { marker, offset, length } = segment;
    const payload = jpeg.subarray(offset + 4, Math.min(offset + 2 + length, jpeg.length));
    if (marker === 0xe1 && payload.subarray(0, 6).toString('latin1') === EXIF_ID) {
      const problem = tiffProblem(payload.subarray(6));
      if (problem) return `EXIF block is malformed: ${problem}`;
    } else if (marker === 0xed && payload.subarray(0, 14).toString('latin1') === PHOTOSHOP_ID) {
      photoshop.push(payload.subarray(14));
    }
  }
  const problem = photoshop.length > 0 ? resourcesProblem(Buffer.concat(photoshop)) : undefined;
  return problem && `IPTC block is malformed: ${problem}`;
}

/** The first violated bound of a TIFF structure (the body of an EXIF block), or undefined. */
export function tiffProblem(tiff: Buffer): string | undefined {
  if (tiff.length < 8) return 'shorter than its TIFF header';
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return 'unknown byte order';
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return 'bad TIFF magic number';
  const pending: { offset: number; name: string }[] = [{ offset: u32(4), name: 'IFD0' }];
  const seen = new Set<number>();
  while (pending.length > 0 && seen.size < MAX_IFDS) {
    const { offset, name } = pending.shift()!;
    if (seen.has(offset)) continue;
    seen.add(offset);
    if (offset < 8 || offset + 2 > tiff.length) return `the ${name} lies outside the segment`;
    const entries = u16(offset);
    if (offset + 2 + 12 * entries > tiff.length) return `the ${name} entry table runs past the end of the segment`;
    for (let i = 0; i < entries; i++) {
      const e = offset + 2 + 12 * i;
      const tag = u16(e);
      const size = (TYPE_SIZE[u16(e + 2)] ?? 0) * u32(e + 4);
      const sub = SUB_IFDS[tag];
      if (sub && name !== 'interoperability IFD') pending.push({ offset: u32(e + 8), name: sub });
      else if (size > 4 && u32(e + 8) + size > tiff.length) return `a value of the ${name} (tag 0x${tag.toString(16).padStart(4, '0')}) lies outside the segment`;
    }
  }
  return undefined;
}

/** The first violated bound in Photoshop image resources and their IPTC datasets, or undefined. */
function resourcesProblem(data: Buffer): string | undefined {
  let at = 0;
  while (at + 12 <= data.length && RESOURCE_SIGNATURES.has(data.subarray(at, at + 4).toString('latin1'))) {
    const id = data.readUInt16BE(at + 4);
    const nameLength = data[at + 6] ?? 0;
    const sizeAt = at + 6 + ((nameLength + 2) & ~1);
    if (sizeAt + 4 > data.length) return 'a Photoshop resource header runs past the end of the segment';
    const size = data.readUInt32BE(sizeAt);
    const start = sizeAt + 4;
    if (start + size > data.length) return 'a Photoshop resource runs past the end of the segment';
    if (id === IPTC_RESOURCE) {
      const problem = datasetsProblem(data.subarray(start, start + size));
      if (problem) return problem;
    }
    at = start + size + (size & 1);
  }
  return undefined;
}

function datasetsProblem(iptc: Buffer): string | undefined {
  let at = 0;
  while (at < iptc.length && iptc[at] === 0x1c) {
    if (at + 5 > iptc.length) return 'an IPTC dataset header is cut off';
    let length = iptc.readUInt16BE(at + 3);
    let start = at + 5;
    if (length & 0x8000) {
      // Extended dataset: the low bits give how many bytes hold the length.
      const bytes = length & 0x7fff;
      if (bytes === 0 || bytes > 4 || start + bytes > iptc.length) return 'an IPTC dataset length is cut off';
      length = iptc.readUIntBE(start, bytes);
      start += bytes;
    }
    if (start + length > iptc.length) return 'an IPTC dataset runs past the end of its block';
    at = start + length;
  }
  return undefined;
}
