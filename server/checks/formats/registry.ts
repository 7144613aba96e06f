/**
 * Every file format the checker knows, and the lookups type detection and the filetype family
 * read from them. Adding a format: declare it in its group's file and list the group here.
 */
import { ARCHIVE_FORMATS } from './archive.formats';
import { DATASET_FORMATS } from './dataset.formats';
import { DOCUMENT_FORMATS } from './document.formats';
import type { FileFormat } from './format';
import { IMAGE_FORMATS } from './image.formats';
import { TEXT_FORMATS } from './text.formats';

export const FORMATS: readonly FileFormat[] = [...TEXT_FORMATS, ...IMAGE_FORMATS, ...ARCHIVE_FORMATS, ...DOCUMENT_FORMATS, ...DATASET_FORMATS];

const byKind = (kind: FileFormat['kind']) => FORMATS.filter((f) => f.kind === kind);

/** Text extensions and the media type a text file with each gets. */
export const TEXT_BY_EXTENSION: Readonly<Record<string, string>> = Object.fromEntries(byKind('text').flatMap((f) => f.extensions.map((ext) => [ext, f.mediaTypes[0]!])));

/** Media types read as text besides `text/*` (JSON, XML, notebooks). */
export const TEXT_MEDIA_TYPES: readonly string[] = [
  ...new Set(
    byKind('text')
      .flatMap((f) => f.mediaTypes)
      .filter((t) => !t.startsWith('text/')),
  ),
];

/** Binary extensions and the media types their content may have. */
export const BINARY_BY_EXTENSION: Readonly<Record<string, readonly string[]>> = Object.fromEntries(byKind('binary').flatMap((f) => f.extensions.map((ext) => [ext, f.mediaTypes])));

/** Every media type a handler of the named formats opens (`mediaTypes` and `opens`); an unknown name throws. */
export function mediaTypesOf(...names: string[]): ReadonlySet<string> {
  return new Set(
    names.flatMap((name) => {
      const format = FORMATS.find((f) => f.name === name);
      if (!format) throw new Error(`no format named ${name}`);
      return [...format.mediaTypes, ...(format.opens ?? [])];
    }),
  );
}

/** Statistical-package and columnar dataset extensions. */
export const DATASET_EXTENSIONS: readonly string[] = byKind('dataset').flatMap((f) => f.extensions);
