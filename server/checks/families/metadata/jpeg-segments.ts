/**
 * The marker segments of a JPEG before its image data: one walker for every reader (declared
 * size, EXIF/IPTC bounds), each of which walks the header itself. Fill bytes (0xFF) and
 * standalone markers (SOI, TEM, RST0–7) are skipped; the walk ends at start-of-scan or
 * end-of-image, at a byte that is not a marker, or where a segment header would run past the
 * file. Every step moves forward (a fill byte by one, a segment by at least two, whatever its
 * declared length), but 64 MiB of empty segments is 16 million of them (seconds per walk, and
 * as many again in the metadata parser), so past MAX_JPEG_SEGMENTS the walk ends with a
 * `stopped` entry: the file cannot be vouched for.
 *
 * Example: `FFD8 | FFE0 0010 'JFIF…' | FFC0 0011 …` gives {marker 0xE0, offset 2, length 16},
 * then {marker 0xC0, offset 20, length 17}.
 */

/**
 * A segment: its marker at `offset` (the 0xFF byte) and its declared `length`, which counts the
 * two length bytes, so its payload is `offset + 4` up to `offset + 2 + length`.
 */
export interface JpegSegment {
  marker: number;
  offset: number;
  length: number;
}

/** Why the walk stopped early, at `offset`. */
export interface JpegWalkStopped {
  stopped: string;
  offset: number;
}

/** Segments walked at most; a real JPEG has tens (hundreds with a large ICC profile split up). */
export const MAX_JPEG_SEGMENTS = 100_000;

/** Markers that stand alone, with no length: SOI, TEM and the restart markers. */
const isStandalone = (marker: number) => marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

/** The JPEG's segments in file order, up to its image data (or the `stopped` entry past the limit). */
export function* jpegSegments(bytes: Buffer): Generator<JpegSegment | JpegWalkStopped, void, undefined> {
  let at = 2;
  let segments = 0;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
    } else if (isStandalone(marker)) {
      at += 2;
    } else if (marker === 0xda || marker === 0xd9) {
      return;
    } else if (segments++ === MAX_JPEG_SEGMENTS) {
      yield { stopped: `JPEG header walk stopped: over ${MAX_JPEG_SEGMENTS.toLocaleString('en-GB')} segments before the image data`, offset: at };
      return;
    } else {
      const length = bytes.readUInt16BE(at + 2);
      yield { marker, offset: at, length };
      at += 2 + length;
    }
  }
}
