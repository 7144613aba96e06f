/**
 * The Open Packaging Conventions layer shared by DOCX, XLSX and PPTX: content types and
 * relationships, so parts are found the way Office finds them (a pivot cache stored at
 * `pivotCache/` instead of `xl/pivotCache/` is still a pivot cache).
 *
 * Example: `(await pkg.rels('xl/workbook.xml')).find(r => r.type === 'worksheet')` gives
 * `{id:'rId1', type:'worksheet', target:'xl/worksheets/sheet1.xml', external:false}`.
 */
import { posix } from 'node:path';
import { attrOf, children, parseXml } from './xml-scan';
import type { ZipPackage } from './zip-package';

/** One relationship; `type` is the last segment of the Type URI (e.g. 'hyperlink'). */
export interface Relationship {
  id: string;
  type: string;
  /** The resolved part name (no leading slash), or the raw target when external. */
  target: string;
  external: boolean;
}

/** A zip read as an OPC package. */
export interface OoxmlPackage {
  zip: ZipPackage;
  /** Content type of a part (Override first, then Default by extension). */
  contentType(part: string): string;
  /** The relationships whose source is `part` ('' for the package). */
  rels(part: string): Promise<Relationship[]>;
  /** Parts whose content type ends with `suffix` (e.g. 'comments+xml'). */
  partsOfType(suffix: string): string[];
  /** The main part (`officeDocument` relationship of the package). */
  mainPart(): Promise<string | undefined>;
  /** The text of a part, or undefined when absent. */
  text(part: string): Promise<string | undefined>;
}

/** Wraps an opened zip as an OPC package (reads [Content_Types].xml once). */
export async function openOoxml(zip: ZipPackage): Promise<OoxmlPackage> {
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  const typesXml = await zip.text('[Content_Types].xml');
  if (typesXml !== undefined) {
    const types = children(parseXml(typesXml, '[Content_Types].xml'), 'Types')[0];
    for (const o of children(types, 'Override')) {
      const name = attrOf(o, 'PartName');
      const type = attrOf(o, 'ContentType');
      if (name && type) overrides.set(normalise(name).toLowerCase(), type.toLowerCase());
    }
    for (const d of children(types, 'Default')) {
      const ext = attrOf(d, 'Extension');
      const type = attrOf(d, 'ContentType');
      if (ext && type) defaults.set(ext.toLowerCase(), type.toLowerCase());
    }
  }
  const contentType = (part: string) => overrides.get(normalise(part).toLowerCase()) ?? defaults.get(posix.extname(part).slice(1).toLowerCase()) ?? '';
  const relsCache = new Map<string, Promise<Relationship[]>>();
  const rels = (part: string) => {
    let cached = relsCache.get(part);
    if (!cached) {
      cached = readRels(zip, part);
      relsCache.set(part, cached);
    }
    return cached;
  };
  return {
    zip,
    contentType,
    rels,
    partsOfType: (suffix) => zip.names.filter((n) => contentType(n).endsWith(suffix)),
    mainPart: async () => (await rels('')).find((r) => r.type === 'officeDocument' && !r.external)?.target,
    text: (part) => zip.text(part),
  };
}

/** The .rels part that holds the relationships of `part`. */
export function relsPartOf(part: string): string {
  if (part === '') return '_rels/.rels';
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`).replace(/^\.\//, '');
}

async function readRels(zip: ZipPackage, part: string): Promise<Relationship[]> {
  const relsPart = relsPartOf(part);
  const xml = await zip.text(relsPart);
  if (xml === undefined) return [];
  const root = children(parseXml(xml, relsPart), 'Relationships')[0];
  const base = part === '' ? '' : posix.dirname(part);
  return children(root, 'Relationship').map((r) => {
    const external = (attrOf(r, 'TargetMode') ?? '').toLowerCase() === 'external';
    const rawTarget = attrOf(r, 'Target') ?? '';
    return {
      id: attrOf(r, 'Id') ?? '',
      type: (attrOf(r, 'Type') ?? '').split('/').pop() ?? '',
      target: external ? rawTarget : resolvePart(base, rawTarget),
      external,
    };
  });
}

/** Resolves a relationship target against the source part's folder into a part name. */
export function resolvePart(baseDir: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    // keep the raw target when it is not valid percent-encoding
  }
  const joined = decoded.startsWith('/') ? decoded : posix.join(baseDir === '.' ? '' : baseDir, decoded);
  return normalise(posix.normalize(joined));
}

function normalise(name: string): string {
  return name.replace(/^\/+/, '').replace(/^\.\//, '');
}
