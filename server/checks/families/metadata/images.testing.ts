/**
 * Test fixtures built byte by byte: a little-endian TIFF/EXIF writer (IFD0, EXIF and GPS IFDs,
 * including an empty GPS IFD), and JPEG, PNG, WebP and GIF wrappers with optional XMP and IPTC.
 * Used by the metadata and document tests only.
 *
 * Example: `jpeg({ exif: tiff({ ifd0: [ascii(0x010f, 'Canon')] }) })` is a JPEG whose only
 * metadata is the camera make.
 */

/** One IFD entry. `value` is text for ASCII, numbers for BYTE/SHORT/LONG, [num, den] pairs for RATIONAL. */
export interface IfdEntry {
  tag: number;
  type: 'BYTE' | 'ASCII' | 'SHORT' | 'LONG' | 'RATIONAL' | 'UNDEFINED';
  value: string | number[] | [number, number][];
}

const TYPE_CODE = { BYTE: 1, ASCII: 2, SHORT: 3, LONG: 4, RATIONAL: 5, UNDEFINED: 7 } as const;

export const ascii = (tag: number, value: string): IfdEntry => ({ tag, type: 'ASCII', value });
export const rationals = (tag: number, value: [number, number][]): IfdEntry => ({ tag, type: 'RATIONAL', value });

/** Common tags. */
export const TAGS = {
  imageWidth: 0x0100,
  imageLength: 0x0101,
  make: 0x010f,
  model: 0x0110,
  imageDescription: 0x010e,
  software: 0x0131,
  artist: 0x013b,
  copyright: 0x8298,
  exifPointer: 0x8769,
  gpsPointer: 0x8825,
  ownerName: 0xa430,
  bodySerial: 0xa431,
  lensSerial: 0xa435,
  gpsVersion: 0x0000,
  gpsLatRef: 0x0001,
  gpsLat: 0x0002,
  gpsLonRef: 0x0003,
  gpsLon: 0x0004,
} as const;

/** GPS IFD entries for a position in degrees/minutes/seconds. */
export function gpsPosition(lat: [number, number, number], latRef: 'N' | 'S', lon: [number, number, number], lonRef: 'E' | 'W'): IfdEntry[] {
  const dms = (v: [number, number, number]): [number, number][] => [
    [v[0], 1],
    [v[1], 1],
    [Math.round(v[2] * 100), 100],
  ];
  return [
    { tag: TAGS.gpsVersion, type: 'BYTE', value: [2, 3, 0, 0] },
    ascii(TAGS.gpsLatRef, latRef),
    rationals(TAGS.gpsLat, dms(lat)),
    ascii(TAGS.gpsLonRef, lonRef),
    rationals(TAGS.gpsLon, dms(lon)),
  ];
}

function encodeValue(e: IfdEntry): Buffer {
  switch (e.type) {
    case 'ASCII':
      return Buffer.from(`${e.value as string}\0`, 'latin1');
    case 'BYTE':
    case 'UNDEFINED':
      return Buffer.from(e.value as number[]);
    case 'SHORT': {
      const b = Buffer.alloc(2 * (e.value as number[]).length);
      (e.value as number[]).forEach((v, i) => b.writeUInt16LE(v, i * 2));
      return b;
    }
    case 'LONG': {
      const b = Buffer.alloc(4 * (e.value as number[]).length);
      (e.value as number[]).forEach((v, i) => b.writeUInt32LE(v, i * 4));
      return b;
    }
    case 'RATIONAL': {
      const pairs = e.value as [number, number][];
      const b = Buffer.alloc(8 * pairs.length);
      pairs.forEach(([n, d], i) => {
        b.writeUInt32LE(n, i * 8);
        b.writeUInt32LE(d, i * 8 + 4);
      });
      return b;
    }
  }
}

function count(e: IfdEntry): number {
  if (e.type === 'ASCII') return Buffer.byteLength(`${e.value as string}\0`, 'latin1');
  return (e.value as unknown[]).length;
}

/**
 * A little-endian TIFF holding IFD0 and optionally an EXIF IFD and a GPS IFD. `gps: []` writes a
 * GPS pointer to an IFD with no entries (the "empty GPS block" case).
 */
export function tiff(ifds: { ifd0: IfdEntry[]; exif?: IfdEntry[]; gps?: IfdEntry[] }): Buffer {
  const chunks: Buffer[] = [];
  let size = 8;
  const place = (b: Buffer) => {
    const at = size;
    chunks.push(b);
    size += b.length + (b.length % 2);
    if (b.length % 2) chunks.push(Buffer.alloc(1));
    return at;
  };
  const writeIfd = (entries: IfdEntry[], pointers: { tag: number; target: () => number }[]) => {
    const all = [
      ...entries.map((e) => ({ e, pointer: undefined as (() => number) | undefined })),
      ...pointers.map((p) => ({ e: { tag: p.tag, type: 'LONG' as const, value: [0] }, pointer: p.target })),
    ].sort((a, b) => a.e.tag - b.e.tag);
    const ifd = Buffer.alloc(2 + 12 * all.length + 4);
    const at = place(ifd);
    ifd.writeUInt16LE(all.length, 0);
    all.forEach(({ e, pointer }, i) => {
      const o = 2 + i * 12;
      ifd.writeUInt16LE(e.tag, o);
      ifd.writeUInt16LE(TYPE_CODE[e.type], o + 2);
      ifd.writeUInt32LE(count(e), o + 4);
      if (pointer) return;
      const data = encodeValue(e);
      if (data.length <= 4) data.copy(ifd, o + 8);
      else ifd.writeUInt32LE(place(data), o + 8);
    });
    return { at, fix: (tag: number, value: number) => all.forEach(({ e }, i) => e.tag === tag && ifd.writeUInt32LE(value, 2 + i * 12 + 8)) };
  };
  const pointers: { tag: number; target: () => number }[] = [];
  if (ifds.exif) pointers.push({ tag: TAGS.exifPointer, target: () => 0 });
  if (ifds.gps) pointers.push({ tag: TAGS.gpsPointer, target: () => 0 });
  const ifd0 = writeIfd(ifds.ifd0, pointers);
  if (ifds.exif) ifd0.fix(TAGS.exifPointer, writeIfd(ifds.exif, []).at);
  if (ifds.gps) ifd0.fix(TAGS.gpsPointer, writeIfd(ifds.gps, []).at);
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  return Buffer.concat([header, ...chunks]);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** An XMP packet with the given RDF description body (namespaces dc, mwg-rs, stArea, stDim declared). */
export function xmpPacket(body: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#">${body}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

/** A Photoshop APP13 payload holding IPTC datasets (record 2), e.g. `{80: 'By-line name'}`. */
export function iptc(datasets: Record<number, string>): Buffer {
  const data = Buffer.concat(
    Object.entries(datasets).map(([id, text]) => {
      const value = Buffer.from(text, 'utf8');
      const head = Buffer.from([0x1c, 2, Number(id), 0, 0]);
      head.writeUInt16BE(value.length, 3);
      return Buffer.concat([head, value]);
    }),
  );
  const size = Buffer.alloc(4);
  size.writeUInt32BE(data.length);
  const padded = data.length % 2 ? Buffer.concat([data, Buffer.alloc(1)]) : data;
  return Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), size, padded]);
}

/**
 * A JPEG carrying the given EXIF (TIFF bytes), XMP packet and/or IPTC payload, and, with `size`,
 * a baseline start-of-frame declaring that size (no scan data follows).
 */
export function jpeg(parts: { exif?: Buffer; xmp?: string; iptc?: Buffer; size?: { width: number; height: number } } = {}): Buffer {
  const segs: Buffer[] = [Buffer.from([0xff, 0xd8])];
  segs.push(segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')));
  if (parts.exif) segs.push(segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), parts.exif])));
  if (parts.xmp) segs.push(segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(parts.xmp, 'utf8')])));
  if (parts.iptc) segs.push(segment(0xed, parts.iptc));
  if (parts.size) {
    const sof = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
    sof.writeUInt16BE(parts.size.height, 1);
    sof.writeUInt16BE(parts.size.width, 3);
    segs.push(segment(0xc0, sof));
  }
  segs.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(segs);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 1×1 PNG, optionally with an eXIf chunk and tEXt chunks. */
export function png(parts: { exif?: Buffer; text?: Record<string, string>; width?: number; height?: number } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(parts.width ?? 1, 0);
  ihdr.writeUInt32BE(parts.height ?? 1, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const chunks = [pngChunk('IHDR', ihdr)];
  if (parts.exif) chunks.push(pngChunk('eXIf', parts.exif));
  for (const [k, v] of Object.entries(parts.text ?? {})) chunks.push(pngChunk('tEXt', Buffer.from(`${k}\0${v}`, 'latin1')));
  chunks.push(pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])));
  chunks.push(pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/** A WebP container (VP8X header chunk declaring a 1×1 canvas, or `canvas`) with an EXIF chunk. */
export function webp(exif: Buffer, canvas?: { width: number; height: number }): Buffer {
  const chunk = (fourcc: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(fourcc, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
  };
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08;
  vp8x.writeUIntLE((canvas?.width ?? 1) - 1, 4, 3);
  vp8x.writeUIntLE((canvas?.height ?? 1) - 1, 7, 3);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunk('VP8X', vp8x), chunk('EXIF', exif)]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** A GIF with a 2×2 screen, one frame of the given size, and an optional comment extension. */
export function gif(frame: { width: number; height: number; top?: number } = { width: 2, height: 2 }, comment?: string): Buffer {
  const screen = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 2, 0, 2, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
  const parts = [screen];
  if (comment) parts.push(Buffer.from([0x21, 0xfe, comment.length]), Buffer.from(comment, 'latin1'), Buffer.from([0]));
  const desc = Buffer.alloc(10);
  desc[0] = 0x2c;
  desc.writeUInt16LE(frame.top ?? 0, 3);
  desc.writeUInt16LE(frame.width, 5);
  desc.writeUInt16LE(frame.height, 7);
  parts.push(desc, Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00, 0x3b]));
  return Buffer.concat(parts);
}
