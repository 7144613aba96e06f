/**
 * A file format the checker knows: the extensions its files carry and the media types their
 * content may have. Type detection (detect-type.ts) and the filetype family read these through
 * the registry (registry.ts); adding a format is its declaration and one line there.
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
  extensions: readonly string[];
  mediaTypes: readonly string[];
}
