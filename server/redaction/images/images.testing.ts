/**
 * Test pictures built in code: a small picture whose pixels differ everywhere (so a wrong turn
 * shows), written as JPEG, PNG, WebP or TIFF with EXIF (camera, owner, GPS position), XMP with a
 * creator, an orientation, and per format a comment (JPEG COM) or a text chunk (PNG tEXt).
 */
import sharp from 'sharp';

export const WIDTH = 48;
export const HEIGHT = 32;

/**
 * Smooth, like a photograph (so a JPEG encodes it about as well as it encodes one), yet with red
 * growing left to right and green top to bottom, so every turn or flip of it differs.
 */
export function testPixels(width = WIDTH, height = HEIGHT): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round((x * 255) / (width - 1));
      raw[i + 1] = Math.round((y * 255) / (height - 1));
      raw[i + 2] = Math.round(128 + 80 * Math.sin(x / 5) * Math.cos(y / 4));
    }
  }
  return raw;
}

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Jane Photographer</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';

export const EXIF = {
  IFD0: { Make: 'Canon', Model: 'EOS 5D', Artist: 'Jane Photographer', Copyright: 'Jane Photographer' },
  IFD2: { BodySerialNumber: '0123456789' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3012/100' },
};

export type Format = 'jpeg' | 'png' | 'webp' | 'tiff';

/** A picture with metadata; `orientation` 1–8 is stored as EXIF. */
export async function photo(format: Format, orientation = 1, options: { icc?: string; width?: number; height?: number } = {}): Promise<Buffer> {
  const width = options.width ?? WIDTH;
  const height = options.height ?? HEIGHT;
  let image = sharp(testPixels(width, height), { raw: { width, height, channels: 3 } })
    .withMetadata({ orientation })
    .withExifMerge(EXIF)
    .withXmp(XMP);
  if (options.icc) image = image.withIccProfile(options.icc);
  // libvips writes no EXIF block into a TIFF: a TIFF here carries XMP and its orientation tag.
  const bytes = await (
    format === 'jpeg' ? image.jpeg({ quality: 90 }) : format === 'png' ? image.png() : format === 'webp' ? image.webp({ lossless: true }) : image.tiff({ compression: 'lzw' })
  ).toBuffer();
  if (format === 'jpeg') return withJpegComment(bytes, 'Shot by Jane Photographer at 12 Acacia Avenue');
  if (format === 'png') return withPngText(bytes, 'Author', 'Jane Photographer');
  return bytes;
}

/** A JPEG with a COM segment after its start marker. */
export function withJpegComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4 + body.length);
  segment[0] = 0xff;
  segment[1] = 0xfe;
  segment.writeUInt16BE(body.length + 2, 2);
  body.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG with a tEXt chunk right after IHDR. */
export function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const afterIhdr = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, afterIhdr), chunk, png.subarray(afterIhdr)]);
}

/** Decoded pixels (RGB or RGBA as stored), after turning as the picture's orientation says when `orient`. */
export async function decoded(bytes: Buffer, orient: boolean): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await (orient ? sharp(bytes).autoOrient() : sharp(bytes)).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
