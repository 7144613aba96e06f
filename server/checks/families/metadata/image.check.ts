/**
 * Images (JPEG, PNG, TIFF, WebP, HEIC/HEIF/AVIF, GIF): EXIF, GPS, XMP and IPTC metadata read with
 * exifr (loaded on first use) and judged by image-rules. First the canvas the headers declare is
 * judged (image-bomb.ts): a decompression bomb is blocked before anything else is read, and a
 * file whose header walk stopped at its limit (image-size.ts) is unreadable, as a size may hide
 * past it. A file whose container is broken is unreadable; so is one whose EXIF or IPTC block has
 * offsets outside it (metadata-bounds.ts), with the findings from what could be read. A sound file whose metadata
 * will not parse gets a review finding instead, because the pixels are fine but the metadata is
 * unknown. Captions, titles and comments go to the text detectors at {part, field}.
 *
 * Example: a JPEG from a phone with a GPS fix gives `metadata.gps` (review) at
 * {part:'GPS IFD', field:'GPSLatitude'} and `metadata.device` (info) for Make/Model.
 */
import { errorReason } from '../../shared/error-reason';
import { abortable } from '../../engine/extract-guard';
import { mediaTypesOf } from '../../formats/registry';
import { finding } from '../../engine/types';
import type { CheckContext, Extracted, FileInfo, FindingLocation, FormatHandler } from '../../engine/types';
import { imageBombFinding } from './image-bomb';
import { imageDefect } from './image-structure';
import { flatten, judgeImageMetadata } from './image-rules';
import type { MetadataBlocks } from './image-rules';
import { gifComments, webpAsJpeg } from './image-containers';
import { declaredCanvas } from './image-size';
import { malformedJpegMetadata } from './metadata-bounds';

const IMAGE_KIND: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/gif': 'GIF', 'image/webp': 'WebP', 'image/tiff': 'TIFF' };

/** The images whose metadata is read (exifr for all but GIF, whose comment blocks are walked here). */
const IMAGE_TYPES = mediaTypesOf('jpeg', 'png', 'tiff', 'heic', 'avif', 'webp', 'gif');

/** Descriptive tags whose text is checked by the PII and secrets detectors. */
const TEXT_TAGS: Record<string, string[]> = {
  ifd0: ['ImageDescription', 'XPComment', 'XPSubject', 'XPTitle', 'XPKeywords', 'DocumentName'],
  exif: ['UserComment', 'ImageUniqueID'],
  iptc: ['Caption', 'Headline', 'ObjectName', 'Keywords', 'SpecialInstructions', 'SubLocation'],
  dc: ['description', 'title', 'subject'],
  photoshop: ['Headline', 'Instructions'],
  ihdr: ['Comment', 'Description', 'Title', 'Disclaimer', 'Warning', 'Source'],
};

const TEXT_BLOCK_LABEL: Record<string, string> = { ifd0: 'IFD0', exif: 'EXIF', iptc: 'IPTC', ihdr: 'PNG text' };

type ExifrOptions = Parameters<(typeof import('exifr'))['parse']>[1];

/** IFD0 is always read; multiSegment and silentErrors are exifr options its typings leave out. */
const PARSE_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: true,
  iptc: true,
  ihdr: true,
  icc: false,
  jfif: false,
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: true,
  multiSegment: true,
  mergeOutput: false,
  translateKeys: true,
  translateValues: true,
  reviveValues: true,
  sanitize: true,
  silentErrors: true,
} as ExifrOptions;

/** Reads image metadata. */
export const imageHandler: FormatHandler = {
  name: 'image-metadata',
  matches: (file: FileInfo) => IMAGE_TYPES.has(file.mediaType.toLowerCase()),
  extract: async (bytes: Buffer, file: FileInfo, ctx: CheckContext): Promise<Extracted> => {
    const type = file.mediaType.toLowerCase();
    // A bomb is judged from its headers first: a blocked one is neither walked nor parsed further.
    const declared = declaredCanvas(bytes, type);
    const bomb = imageBombFinding(declared.canvas, IMAGE_KIND[type] ?? 'image');
    if (bomb?.severity === 'block') return { findings: [bomb] };
    const early = bomb ? [bomb] : [];
    // Sizes that could not all be read: one past the walk may be a bomb, so nothing is vouched for.
    if (declared.unreadable) return { findings: early, unreadable: declared.unreadable };
    const defect = imageDefect(bytes, type);
    if (defect) return { findings: early, unreadable: defect };
    if (type === 'image/gif') {
      const texts = gifComments(bytes).map((text) => ({ text, location: { part: 'GIF', field: 'Comment' } }));
      return { findings: early, ...(texts.length ? { texts } : {}) };
    }
    const input = type === 'image/webp' ? webpAsJpeg(bytes) : bytes;
    // A block whose offsets leave it cannot be vouched for: what was read is still reported.
    const malformed = input && (type === 'image/jpeg' || type === 'image/webp') ? malformedJpegMetadata(input) : undefined;
    const unreadable = malformed ? { unreadable: malformed } : {};
    let blocks: MetadataBlocks | undefined;
    try {
      blocks = input ? await abortable(parseMetadata(input), ctx.signal) : undefined;
    } catch (e) {
      if (ctx.signal.aborted) return { findings: early, unreadable: 'time budget exceeded while reading image metadata' };
      const why = errorReason(e);
      return { findings: [...early, finding('metadata', 'unparsed', 'review', `The image's metadata could not be parsed (${why}); check it by hand before release`)], ...unreadable };
    }
    if (!blocks) return { findings: early, ...unreadable };
    const texts: { text: string; location: FindingLocation }[] = [];
    for (const [block, tags] of Object.entries(TEXT_TAGS)) {
      for (const tag of tags) {
        const text = flatten(blocks[block]?.[tag]).trim();
        if (text !== '') texts.push({ text, location: { part: TEXT_BLOCK_LABEL[block] ?? 'XMP', field: tag } });
      }
    }
    return { findings: [...early, ...judgeImageMetadata(blocks)], ...(texts.length ? { texts } : {}), ...unreadable };
  },
};

/** exifr, loaded on the first image and kept: a dynamic import per image costs a module resolution each time. */
let exifrModule: Promise<typeof import('exifr')> | undefined;

async function parseMetadata(input: Buffer): Promise<MetadataBlocks | undefined> {
  exifrModule ??= import('exifr').catch((e: unknown) => {
    exifrModule = undefined;
    throw e;
  });
  const { default: exifr } = await exifrModule;
  const parsed = (await exifr.parse(input, PARSE_OPTIONS)) as MetadataBlocks | undefined;
  return parsed && typeof parsed === 'object' ? parsed : undefined;
}
