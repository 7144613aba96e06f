/**
 * Judges parsed image metadata (exifr output, one object per block: ifd0, exif, gps, iptc, and
 * XMP namespaces such as dc, aux, mwg-rs) against the metadata rules:
 * a real GPS position → `metadata.gps` review; a named person (artist, owner, creator, by-line,
 * copyright holder, face-region names) → `metadata.person_name` review; a device serial number →
 * `metadata.device_serial` review; camera make/model and software → one `metadata.device` info.
 * Messages name the tag, never its value. An empty GPS block, or one holding only a version or
 * a 0,0 placeholder, is not a finding.
 *
 * Example: `{ifd0: {Make: 'Canon'}}` gives only
 * `{rule:'metadata.device', severity:'info', location:{part:'IFD0', field:'Make'}}`.
 */
import { maskName } from '../../shared/mask-name';
import { finding } from '../../engine/types';
import type { Finding, FindingLocation } from '../../engine/types';
import { namesSomeone } from '../../shared/document-properties';

export type MetadataBlocks = Record<string, Record<string, unknown> | undefined>;

/** Tag → where it is shown to reviewers, per block. */
const PERSON_TAGS: Record<string, Record<string, string>> = {
  ifd0: { Artist: 'Artist', XPAuthor: 'XPAuthor', Copyright: 'Copyright holder', CameraOwnerName: 'OwnerName', OwnerName: 'OwnerName' },
  exif: { OwnerName: 'OwnerName', CameraOwnerName: 'OwnerName', Artist: 'Artist' },
  exifEX: { CameraOwnerName: 'OwnerName' },
  aux: { OwnerName: 'OwnerName' },
  tiff: { Artist: 'Artist', Copyright: 'Copyright holder' },
  iptc: { Byline: 'By-line', Writer: 'Caption writer', CopyrightNotice: 'Copyright notice', Contact: 'Contact' },
  dc: { creator: 'dc:creator', rights: 'dc:rights', contributor: 'dc:contributor' },
  photoshop: { CaptionWriter: 'CaptionWriter' },
  xmpRights: { Owner: 'xmpRights:Owner' },
  Iptc4xmpExt: { PersonInImage: 'PersonInImage' },
  Iptc4xmpCore: { CreatorContactInfo: 'CreatorContactInfo' },
  ihdr: { Author: 'Author', Copyright: 'Copyright holder' },
};
const DEVICE_TAGS: Record<string, string[]> = {
  ifd0: ['Make', 'Model', 'Software', 'HostComputer'],
  exif: ['LensMake', 'LensModel'],
  xmp: ['CreatorTool'],
  aux: ['Lens'],
  ihdr: ['Software'],
};
const BLOCK_LABEL: Record<string, string> = { ifd0: 'IFD0', exif: 'EXIF', gps: 'GPS IFD', iptc: 'IPTC', exifEX: 'XMP', aux: 'XMP', tiff: 'XMP', ihdr: 'PNG text' };
const SERIAL_TAGS = new Set(['SerialNumber', 'BodySerialNumber', 'LensSerialNumber', 'CameraSerialNumber', 'InternalSerialNumber']);
const IGNORED_BLOCKS = new Set(['ifd1', 'interop', 'icc', 'jfif', 'errors', 'makerNote']);

/** Findings from parsed metadata blocks. */
export function judgeImageMetadata(blocks: MetadataBlocks): Finding[] {
  const findings: Finding[] = [];
  const label = (block: string) => BLOCK_LABEL[block] ?? 'XMP';
  findings.push(...gpsFindings(blocks));
  for (const [block, tags] of Object.entries(PERSON_TAGS)) {
    for (const [tag, shown] of Object.entries(tags)) {
      const value = flatten(blocks[block]?.[tag]);
      if (COPYRIGHT_TAGS.has(shown) ? namesHolder(value) : namesSomeone(value)) {
        findings.push(finding('metadata', 'person_name', 'review', `The image metadata names a person (${shown}); strip the metadata before release`, { part: label(block), field: shown }));
      }
    }
  }
  const regionNames = regionPersonNames(blocks);
  if (regionNames > 0) {
    findings.push(
      finding('metadata', 'person_name', 'review', `The image metadata names ${regionNames === 1 ? 'a person' : `${regionNames} people`} in tagged face regions; strip the metadata before release`, {
        part: 'XMP',
        field: 'Regions',
      }),
    );
  }
  for (const [block, values] of Object.entries(blocks)) {
    if (!values || IGNORED_BLOCKS.has(block)) continue;
    for (const [tag, value] of Object.entries(values)) {
      const v = flatten(value).trim();
      if (/serialnumber$/i.test(tag) && v !== '' && !/^0+$/.test(v)) {
        // An XMP tag's name is the file's text: only the standard serial-number tags are named as they are.
        const shown = SERIAL_TAGS.has(tag) ? tag : maskName(tag);
        findings.push(
          finding('metadata', 'device_serial', 'review', `The image metadata holds a device serial number (${shown}), which identifies the camera's owner; strip it before release`, {
            part: label(block),
            field: shown,
          }),
        );
      }
    }
  }
  const device: FindingLocation[] = [];
  for (const [block, tags] of Object.entries(DEVICE_TAGS)) {
    for (const tag of tags) if (flatten(blocks[block]?.[tag]).trim() !== '') device.push({ part: label(block), field: tag });
  }
  if (device.length > 0) {
    const names = [...new Set(device.map((d) => d.field))].join(', ');
    findings.push(finding('metadata', 'device', 'info', `The image metadata records the camera or software (${names})`, device[0]));
  }
  return findings;
}

function gpsFindings(blocks: MetadataBlocks): Finding[] {
  const gps = blocks.gps ?? {};
  if (isPosition(gps.latitude, gps.longitude)) {
    return [
      finding('metadata', 'gps', 'review', 'The image metadata holds GPS coordinates (GPSLatitude/GPSLongitude) that locate where it was taken; strip them before release', {
        part: 'GPS IFD',
        field: 'GPSLatitude',
      }),
    ];
  }
  for (const [block, values] of Object.entries(blocks)) {
    if (!values || IGNORED_BLOCKS.has(block)) continue;
    const lat = findKey(values, /^gps_?latitude$/i);
    const lon = findKey(values, /^gps_?longitude$/i);
    if (lat && lon && isPosition(toDegrees(values[lat]), toDegrees(values[lon]))) {
      return [
        finding('metadata', 'gps', 'review', `The image metadata holds GPS coordinates (${lat}/${lon}) that locate where it was taken; strip them before release`, {
          part: BLOCK_LABEL[block] ?? 'XMP',
          field: lat,
        }),
      ];
    }
  }
  const raw = findKey(gps, /^GPS(Latitude|Longitude)$/);
  if (raw && flatten(gps[raw]).trim() !== '' && (!inRange(toDegrees(gps.GPSLatitude), 90) || !inRange(toDegrees(gps.GPSLongitude), 180))) {
    return [
      finding('metadata', 'gps_invalid', 'review', 'The image metadata has GPS position tags with invalid values (malformed or deliberately altered); strip them before release', {
        part: 'GPS IFD',
        field: raw,
      }),
    ];
  }
  return [];
}

const COPYRIGHT_TAGS = new Set(['Copyright holder', 'Copyright notice', 'dc:rights']);
const LICENCE_WORDS = /\b(copyright|copr|all|rights?|reserved|public|domain|creative|commons|licen[cs]ed?|under|cc|by|sa|nc|nd|zero|cc0|\d+(\.\d+)?|the|of|and)\b|\(c\)|©|[^\p{L}\s]/giu;

/** A copyright statement names a holder when something is left after the boilerplate. */
function namesHolder(value: string): boolean {
  return namesSomeone(value) && /\p{L}{2,}/u.test(value.replace(LICENCE_WORDS, ' '));
}

function inRange(v: number | undefined, limit: number): boolean {
  return v !== undefined && Number.isFinite(v) && Math.abs(v) <= limit;
}

function isPosition(lat: unknown, lon: unknown): boolean {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return false;
  return !(lat === 0 && lon === 0);
}

/** Degrees from a number, [d, m, s] or an XMP string such as '50,17.976N' or '47.354'. */
function toDegrees(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    const [d = 0, m = 0, s = 0] = value as number[];
    return d + m / 60 + s / 3600;
  }
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])?\s*$/i.exec(value);
  if (!m) return undefined;
  const deg = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW]/i.test(m[4] ?? '') ? -deg : deg;
}

function findKey(values: Record<string, unknown>, pattern: RegExp): string | undefined {
  return Object.keys(values).find((k) => pattern.test(k));
}

/** Names of people in MWG (mwg-rs) and Microsoft Photo (MP/MPRI) face regions. */
function regionPersonNames(blocks: MetadataBlocks): number {
  const names = new Set<string>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > 8 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'Name' || key === 'PersonDisplayName') && typeof value === 'string' && namesSomeone(value)) names.add(value);
      else walk(value, depth + 1);
    }
  };
  for (const block of ['mwg-rs', 'MP', 'MPRI', 'MPReg']) walk(blocks[block], 0);
  return names.size;
}

/** A tag value as text: strings as they are, arrays and language alternatives joined. */
export function flatten(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(flatten).join('; ');
  if (typeof value === 'object' && 'value' in value) return flatten((value as { value: unknown }).value);
  return '';
}
