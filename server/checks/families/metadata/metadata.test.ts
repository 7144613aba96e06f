import { describe, expect, it, vi } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { judgeDocumentProperties } from '../../shared/document-properties';
import { metadataHandlers } from './index';
import { ascii, gif, gpsPosition, iptc, jpeg, png, TAGS, tiff, webp, xmpPacket } from './images.testing';

const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });
const handler = metadataHandlers[0]!;

async function scan(bytes: Buffer, mediaType: string): Promise<Extracted> {
  const file: FileInfo = { path: 'x', name: 'x', bytes: bytes.length, mediaType };
  expect(handler.matches(file)).toBe(true);
  const result = await handler.extract(bytes, file, ctx());
  // Every finding must fit the scan record's contract (rule pattern, location keys).
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}

const rules = (r: Extracted) => r.findings.map((f) => `${f.rule}:${f.severity}`).sort();
const SHEFFIELD = gpsPosition([53, 22, 58.25], 'N', [1, 27, 24.04], 'W');

describe('image metadata', () => {
  it('reports GPS coordinates in a JPEG as a review finding at the GPS IFD without the coordinates', async () => {
    const r = await scan(jpeg({ exif: tiff({ ifd0: [ascii(TAGS.make, 'Apple')], gps: SHEFFIELD }) }), 'image/jpeg');
    const gps = r.findings.find((f) => f.rule === 'metadata.gps');
    expect(gps).toMatchObject({ family: 'metadata', severity: 'review', location: { part: 'GPS IFD', field: 'GPSLatitude' } });
    expect(gps?.message).not.toMatch(/53|1\.45|22/);
    expect(r.unreadable).toBeUndefined();
  });

  it('does not report an empty GPS IFD', async () => {
    const r = await scan(jpeg({ exif: tiff({ ifd0: [ascii(TAGS.make, 'Xiaomi')], gps: [] }) }), 'image/jpeg');
    expect(rules(r)).toEqual(['metadata.device:info']);
  });

  it('does not report a GPS IFD holding only a version or a 0,0 placeholder', async () => {
    const zero = gpsPosition([0, 0, 0], 'N', [0, 0, 0], 'E');
    expect(rules(await scan(jpeg({ exif: tiff({ ifd0: [], gps: zero }) }), 'image/jpeg'))).toEqual([]);
    expect(rules(await scan(jpeg({ exif: tiff({ ifd0: [], gps: zero.slice(0, 1) }) }), 'image/jpeg'))).toEqual([]);
  });

  it('reports GPS position tags with impossible values as invalid GPS, for review', async () => {
    const bad = [{ tag: TAGS.gpsLat, type: 'LONG' as const, value: [4294967295] }];
    expect(rules(await scan(jpeg({ exif: tiff({ ifd0: [], gps: bad }) }), 'image/jpeg'))).toEqual(['metadata.gps_invalid:review']);
  });

  it('gives only an info finding for a camera make and model', async () => {
    const r = await scan(jpeg({ exif: tiff({ ifd0: [ascii(TAGS.make, 'Canon'), ascii(TAGS.model, 'PowerShot S40')] }) }), 'image/jpeg');
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'metadata.device', severity: 'info', location: { part: 'IFD0', field: 'Make' } })]);
  });

  it('reports Artist, copyright holder and owner name as person names, naming the tag not the person', async () => {
    const exif = tiff({ ifd0: [ascii(TAGS.artist, 'Ada Lovelace'), ascii(TAGS.copyright, 'Ada Lovelace 2024')], exif: [ascii(TAGS.ownerName, 'Charles Babbage')] });
    const r = await scan(jpeg({ exif }), 'image/jpeg');
    const people = r.findings.filter((f) => f.rule === 'metadata.person_name');
    expect(people.map((f) => f.location?.field).sort()).toEqual(['Artist', 'Copyright holder', 'OwnerName']);
    expect(people.every((f) => f.severity === 'review' && !/Ada|Lovelace|Babbage/.test(f.message))).toBe(true);
  });

  it('does not treat a bare licence statement as a copyright holder', async () => {
    const r = await scan(jpeg({ exif: tiff({ ifd0: [ascii(TAGS.copyright, 'CC BY 4.0, all rights reserved')] }) }), 'image/jpeg');
    expect(rules(r)).toEqual([]);
  });

  it('reports body and lens serial numbers for review', async () => {
    const r = await scan(jpeg({ exif: tiff({ ifd0: [], exif: [ascii(TAGS.bodySerial, '0K8TFBK0020618'), ascii(TAGS.lensSerial, '129324')] }) }), 'image/jpeg');
    expect(rules(r)).toEqual(['metadata.device_serial:review', 'metadata.device_serial:review']);
    expect(r.findings.map((f) => f.message).join(' ')).not.toContain('0K8TFBK');
  });

  it('reports XMP dc:creator and named face regions as person names', async () => {
    const xmp = xmpPacket(
      '<dc:creator><rdf:Seq><rdf:li>Patrik</rdf:li></rdf:Seq></dc:creator><mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag><rdf:li rdf:parseType="Resource"><mwg-rs:Name>Alvin Person</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>',
    );
    const r = await scan(jpeg({ xmp }), 'image/jpeg');
    expect(r.findings.filter((f) => f.rule === 'metadata.person_name').map((f) => f.location)).toEqual([
      { part: 'XMP', field: 'dc:creator' },
      { part: 'XMP', field: 'Regions' },
    ]);
  });

  it('reports an IPTC By-line as a person name and hands the caption to the text detectors', async () => {
    const r = await scan(jpeg({ iptc: iptc({ 80: 'Ian Britton', 120: 'Contact ian@example.org' }) }), 'image/jpeg');
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'metadata.person_name', location: { part: 'IPTC', field: 'By-line' } })]);
    expect(r.texts).toEqual([{ text: 'Contact ian@example.org', location: { part: 'IPTC', field: 'Caption' } }]);
  });

  it('hands the EXIF image description to the text detectors', async () => {
    const r = await scan(jpeg({ exif: tiff({ ifd0: [ascii(TAGS.imageDescription, 'Patient 943 476 5919')] }) }), 'image/jpeg');
    expect(r.texts).toEqual([{ text: 'Patient 943 476 5919', location: { part: 'IFD0', field: 'ImageDescription' } }]);
  });

  it('reads GPS from a PNG eXIf chunk', async () => {
    const r = await scan(png({ exif: tiff({ ifd0: [], gps: SHEFFIELD }) }), 'image/png');
    expect(rules(r)).toEqual(['metadata.gps:review']);
  });

  it('reports a PNG text Author as a person name and hands the Comment to the text detectors', async () => {
    const r = await scan(png({ text: { Author: 'Ada Lovelace', Comment: 'contact ada@example.org', Software: 'matplotlib' } }), 'image/png');
    expect(r.findings.map((f) => [f.rule, f.severity, f.location])).toEqual([
      ['metadata.person_name', 'review', { part: 'PNG text', field: 'Author' }],
      ['metadata.device', 'info', { part: 'PNG text', field: 'Software' }],
    ]);
    expect(r.texts).toEqual([{ text: 'contact ada@example.org', location: { part: 'PNG text', field: 'Comment' } }]);
  });

  it('reads GPS from a WebP EXIF chunk', async () => {
    const r = await scan(webp(tiff({ ifd0: [], gps: SHEFFIELD })), 'image/webp');
    expect(rules(r)).toEqual(['metadata.gps:review']);
  });

  it('reads a bare TIFF', async () => {
    const r = await scan(tiff({ ifd0: [ascii(TAGS.artist, 'Duane Laverty')] }), 'image/tiff');
    expect(rules(r)).toEqual(['metadata.person_name:review']);
  });

  it('is silent on images without metadata', async () => {
    expect(await scan(jpeg(), 'image/jpeg')).toEqual({ findings: [] });
    expect(await scan(png(), 'image/png')).toEqual({ findings: [] });
  });

  it('marks an image with a broken container as unreadable with the reason', async () => {
    const mangled = png();
    mangled[4] = 0x0a;
    expect((await scan(mangled, 'image/png')).unreadable).toMatch(/corrupt PNG: bad signature/);
    expect((await scan(Buffer.from('not a jpeg'), 'image/jpeg')).unreadable).toMatch(/corrupt JPEG/);
    expect((await scan(Buffer.alloc(0), 'image/tiff')).unreadable).toMatch(/empty/);
  });

  it('blocks a PNG that declares billions of pixels as a decompression bomb, without reading further', async () => {
    const r = await scan(png({ width: 100_000, height: 100_000, text: { Author: 'Ada Lovelace' } }), 'image/png');
    expect(r.unreadable).toBeUndefined();
    expect(rules(r)).toEqual(['archive.image_bomb:block']);
  });

  it('blocks a GIF frame placed far past its screen as a decompression bomb, and reads GIF comments', async () => {
    // 65535×1321 at top 65280 on a 2×2 screen: decoders grow the canvas to 65535×66601.
    const bomb = await scan(gif({ width: 65535, height: 1321, top: 65280 }), 'image/gif');
    expect(rules(bomb)).toEqual(['archive.image_bomb:block']);
    expect(bomb.findings[0]?.message).toMatch(/65535×66601/);
    // Cut off right after the frame's descriptor: still a bomb, judged from the header alone.
    expect(rules(await scan(gif({ width: 65535, height: 1321, top: 65280 }).subarray(0, 31), 'image/gif'))).toEqual(['archive.image_bomb:block']);
    const ok = await scan(gif({ width: 2, height: 2 }, 'made by ada@example.org'), 'image/gif');
    expect(ok).toEqual({ findings: [], texts: [{ text: 'made by ada@example.org', location: { part: 'GIF', field: 'Comment' } }] });
  });

  it('marks a GIF cut off inside its image data as unreadable', async () => {
    const cut = gif().subarray(0, 24);
    expect((await scan(cut, 'image/gif')).unreadable).toMatch(/truncated|cut off/);
  });

  it('gives a review finding, not unreadable, when a sound image has metadata the parser rejects', async () => {
    vi.resetModules();
    vi.doMock('exifr', () => ({ default: { parse: () => Promise.reject(new Error('Invalid input argument')) } }));
    try {
      const { imageHandler } = await import('./image.check');
      const bytes = jpeg({ exif: tiff({ ifd0: [ascii(TAGS.make, 'Canon')] }) });
      const r = await imageHandler.extract(bytes, { path: 'x', name: 'x', bytes: bytes.length, mediaType: 'image/jpeg' }, ctx());
      expect(r).toEqual({ findings: [expect.objectContaining({ rule: 'metadata.unparsed', severity: 'review' })] });
    } finally {
      vi.doUnmock('exifr');
      vi.resetModules();
    }
  });

  it('does not claim documents or text', () => {
    for (const mediaType of ['application/pdf', 'text/plain', 'application/zip']) expect(handler.matches({ path: 'x', name: 'x', bytes: 1, mediaType })).toBe(false);
  });
});

describe('document properties', () => {
  it('reports authors, companies and custom properties for review and hands custom values to the text detectors', () => {
    const { findings, texts } = judgeDocumentProperties([
      { name: 'creator', value: 'Raymond Camden', kind: 'author', location: { part: 'docProps/core.xml', field: 'creator' } },
      { name: 'Company', value: 'The Robert Gordon University', kind: 'company', location: { part: 'docProps/app.xml', field: 'Company' } },
      { name: '_AuthorEmail', value: 'c.davidson@rgu.ac.uk', kind: 'custom', location: { part: 'docProps/custom.xml', field: '_AuthorEmail' } },
      { name: 'title', value: 'Report', kind: 'descriptive', location: { part: 'docProps/core.xml', field: 'title' } },
    ]);
    expect(findings.map((f) => [f.rule, f.severity, f.location?.field])).toEqual([
      ['metadata.document_author', 'review', 'creator'],
      ['metadata.document_company', 'review', 'Company'],
      ['metadata.custom_property', 'review', '_AuthorEmail'],
    ]);
    expect(findings.map((f) => f.message).join(' ')).not.toMatch(/Camden|Gordon|rgu/);
    expect(texts.map((t) => t.text)).toEqual(['c.davidson@rgu.ac.uk', 'Report']);
  });

  it('ignores empty values, tool placeholders and system custom properties', () => {
    const { findings } = judgeDocumentProperties([
      { name: 'creator', value: '', kind: 'author', location: {} },
      { name: 'creator', value: 'python-docx', kind: 'author', location: {} },
      { name: 'lastModifiedBy', value: 'Microsoft Office User', kind: 'author', location: {} },
      { name: 'Company', value: '  ', kind: 'company', location: {} },
      { name: 'ContentTypeId', value: '0x0101', kind: 'custom', location: {} },
    ]);
    expect(findings).toEqual([]);
  });
});
