/**
 * A file format the checker knows: the extensions its files carry and the media types their
 * content may have. Type detection (detect-type.ts) and the filetype family read these through
 * the registry (registry.ts); adding a format is its declaration and one line there.
 *
 * Format handlers (families/*) match the media types of the formats they open through
 * `mediaTypesOf` (registry.ts).
 *
 * Example: `{ name: 'csv', kind: 'text', extensions: ['.csv'], mediaTypes: ['text/csv'] }`.
 */
export interface FileFormat {
  name: string;
  /**
   * `text`: read as text; the extension names its media type (the first one). `binary`: content
   * must be one of `mediaTypes` (file-type's magic numbers). `dataset`: a statistical-package or
   * columnar dataset, recognised by its extension.
   */
  kind: 'text' | 'binary' | 'dataset';
  /** Extensions its files carry; empty for a format known by content only. */
  extensions: readonly string[];
  /** The media types a file with one of `extensions` may have. */
  mediaTypes: readonly string[];
  /**
   * Further media types the format's handler opens that the extensions do not promise (templates,
   * macro-enabled variants, legacy aliases); the filetype family does not expect them.
   */
  opens?: readonly string[];
}
