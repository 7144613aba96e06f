/** Text formats: the extension refines a sniffed text file's media type (csv vs. plain). */
import type { FileFormat } from './format';

const text = (name: string, mediaType: string, ...extensions: string[]): FileFormat => ({ name, kind: 'text', extensions, mediaTypes: [mediaType] });

export const TEXT_FORMATS: FileFormat[] = [
  text('csv', 'text/csv', '.csv'),
  text('tsv', 'text/tab-separated-values', '.tsv', '.tab'),
  text('notebook', 'application/x-ipynb+json', '.ipynb'),
  text('json', 'application/json', '.json'),
  text('markdown', 'text/markdown', '.md', '.markdown', '.rmd', '.qmd'),
  text('html', 'text/html', '.html', '.htm'),
  text('xml', 'application/xml', '.xml'),
  text('python', 'text/x-python', '.py'),
  text('r', 'text/x-r', '.r'),
  text('sql', 'text/x-sql', '.sql'),
  text('shell', 'text/x-shellscript', '.sh'),
  text('javascript', 'text/javascript', '.js'),
  text('typescript', 'text/x-typescript', '.ts'),
  text('yaml', 'text/yaml', '.yml', '.yaml'),
  text('stata', 'text/x-stata', '.do'),
  text('sas', 'text/x-sas', '.sas'),
  text('plain', 'text/plain', '.log', '.txt'),
];
