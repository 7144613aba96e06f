/**
 * The rule catalogue: every rule a check family can emit, with its family, default severity, the
 * scan parameters it reads, what it means and an example. It is the one list of rules:
 * docs/checks.md's rule table is generated from it (scripts/checks-doc.ts) and catalogue.test.ts
 * proves that the families emit exactly these rules.
 *
 * Example: `{ id: 'sdc.small_count', family: 'sdc', severity: 'block', parameters: ['minCellCount'], … }`.
 */
import type { FindingFamily, Severity } from '../../common/vocab/findings';
import type { ScanParameters } from './shared/presets';

export interface RuleEntry {
  /** `<family>.<rule>`, as findings carry it. */
  id: string;
  family: FindingFamily;
  /** The severity the rule gives by default (see `meaning` where it can differ). */
  severity: Severity;
  /** The scan parameters (shared/presets.ts) the rule reads. */
  parameters: (keyof ScanParameters)[];
  meaning: string;
  example: string;
}

type Entry = Omit<RuleEntry, 'id' | 'family'> & { rule: string };

const rule = (r: string, severity: Severity, meaning: string, example: string, parameters: (keyof ScanParameters)[] = []): Entry => ({ rule: r, severity, parameters, meaning, example });

const FAMILIES: Record<FindingFamily, Entry[]> = {
  sdc: [
    rule('small_count', 'block', 'A count in a frequency table below the minimum cell count', 'a CSV column `count` holding 3', ['minCellCount']),
    rule('zero_count', 'review', 'A zero count where the preset treats zeros as disclosive', 'a cross-tabulation cell of 0', ['zerosDisclosive']),
    rule('unrounded', 'review', 'Counts that are not multiples of the rounding base', '`17` under a base of 5', ['roundingBase']),
    rule('recoverable_by_subtraction', 'review', 'A suppressed or small cell that the table’s total lets a reader recover', 'a row total with one cell left out', ['minCellCount']),
    rule('small_denominator', 'review', 'A percentage over a denominator below the minimum', '`50%` of 4 people', ['minDenominator']),
  ],
  microdata: [
    rule('row_level', 'block', 'Row-level data about people (identifier-like columns over enough rows); review in a handover package', 'a CSV with `nhs_number, dob, postcode` and 500 rows', [
      'microdataMinRows',
    ]),
    rule('small_class', 'block', 'The smallest quasi-identifier class is below the minimum class size; review in a handover package', 'one person aged 97 in a postcode district', ['minClassSize']),
    rule('dataset_file', 'block', 'A statistical-package dataset the checker cannot read; review in a handover package', 'a Stata `.dta` file'),
    rule('dataset_truncated', 'review', 'Only part of a Parquet dataset was checked (past the cell budget)', 'a 10-million-row Parquet file'),
  ],
  pii: [
    rule('email', 'review', 'An email address', 'an address with a user, an at sign and a domain in a log line'),
    rule('phone', 'review', 'A UK phone number', 'a mobile number in a free-text note'),
    rule('nhs_number', 'review', 'An NHS number (valid mod-11 check digit)', 'a ten-digit NHS number in a results table'),
    rule('payment_card', 'review', 'A payment card number (valid Luhn digit)', 'a sixteen-digit card number in a comment'),
    rule('uk_postcode', 'review', 'A full UK postcode', 'a full postcode in an address column'),
    rule('ni_number', 'review', 'A National Insurance number (valid prefix)', 'an NI number in a free-text field'),
    rule('ip_address', 'review', 'A public IPv4 address', 'a public IPv4 address in a server log'),
    rule('date_of_birth', 'review', 'A date of birth (a date with a birth keyword or under a date-of-birth column)', 'a date after the words date of birth'),
    rule('person_name', 'review', 'A person name (after a salutation, a name label or under a name column)', 'a surname after a salutation'),
  ],
  secrets: [
    rule('private_key', 'block', 'A private key block (PEM, OpenSSH, PuTTY)', 'a PEM RSA private key pasted into a script'),
    rule('credentials_in_url', 'block', 'A URL with a user name and password in it', 'a database URL with the password between the user name and the host'),
    rule('password_assignment', 'block', 'A password or secret written into the file as a literal value', 'a literal password assigned to `password` in a Python script'),
    rule('high_entropy', 'block', 'A random-looking (high-entropy) value assigned to a secret-like name', 'a random 32-character value assigned to `api_secret`'),
    rule('aws_secret_key', 'block', 'An AWS secret access key (a 40-character key next to an AWS key name)', 'a 40-character key assigned to `aws_secret_access_key`'),
    rule('aws_access_key', 'block', 'An AWS access key id', '`AKIA…`'),
    rule('github_token', 'block', 'A GitHub token', '`ghp_…`'),
    rule('gitlab_token', 'block', 'A GitLab personal access token', '`glpat-…`'),
    rule('slack_token', 'block', 'A Slack token', '`xoxb-…`'),
    rule('slack_webhook', 'block', 'A Slack incoming-webhook URL', '`hooks.slack.com/services/T…/B…/…`'),
    rule('google_api_key', 'block', 'A Google API key', '`AIza…`'),
    rule('stripe_key', 'block', 'A Stripe live secret or restricted key', '`sk_live_…`'),
    rule('npm_token', 'block', 'An npm access token', '`npm_…`'),
    rule('sendgrid_key', 'block', 'A SendGrid API key', '`SG.….…`'),
    rule('huggingface_token', 'block', 'A Hugging Face access token', '`hf_…`'),
    rule('ai_api_key', 'block', 'An OpenAI or Anthropic API key', '`sk-ant-…`'),
    rule('jwt', 'block', 'A JSON Web Token', '`eyJhbGciOi….….…`'),
    rule('azure_storage_key', 'block', 'An Azure storage account key or connection string', '`AccountKey=…`'),
    rule('bearer_token', 'block', 'A bearer token in an Authorization header', '`Authorization: Bearer …`'),
  ],
  metadata: [
    rule('gps', 'review', 'GPS coordinates in an image’s metadata', 'a phone photo with EXIF GPSLatitude'),
    rule('gps_invalid', 'review', 'GPS tags whose values cannot be read as coordinates', 'a GPSLatitude of the wrong type'),
    rule('device_serial', 'review', 'A device serial number in an image’s metadata', 'EXIF BodySerialNumber'),
    rule('device', 'info', 'The camera make and model', 'EXIF Make `Canon`'),
    rule('person_name', 'review', 'A person’s name in an image’s metadata (artist, XMP creator, region names)', 'EXIF Artist `Ada Lovelace`'),
    rule('unparsed', 'review', 'An image whose metadata could not be parsed', 'a JPEG with a damaged APP1 segment'),
    rule('document_author', 'review', 'A document property naming the author or editor', 'DOCX `dc:creator`'),
    rule('document_company', 'review', 'A document property naming an organisation', 'DOCX `Company`'),
    rule('custom_property', 'review', 'A custom document property', 'DOCX custom property `ProjectCode`'),
  ],
  'hidden-content': [
    rule('comments', 'review', 'Comments (with their authors) in a document, sheet or slide', 'a Word comment'),
    rule('tracked_changes', 'review', 'Tracked insertions or deletions', 'a DOCX with `w:del`'),
    rule('hidden_text', 'review', 'Text formatted as hidden', 'a Word run with `w:vanish`'),
    rule('hidden_sheet', 'review', 'A hidden or very hidden worksheet', 'an XLSX sheet with state `hidden`'),
    rule('hidden_rows', 'review', 'Hidden rows that hold data', 'an XLSX row with `hidden="1"`'),
    rule('hidden_columns', 'review', 'Hidden columns that hold data', 'an XLSX `<col hidden="1">`'),
    rule('sheet_truncated', 'review', 'A sheet larger than the cell budget: only part of it was checked', 'a sheet of 3 million cells'),
    rule('pivot_cache', 'review', 'A pivot cache storing the source records behind a pivot table', 'an XLSX `pivotCacheRecords1.xml`'),
    rule('external_link', 'review', 'A link to another file or address', 'an XLSX external workbook link'),
    rule('data_connection', 'review', 'A data connection to an outside source', 'an XLSX `connections.xml`'),
    rule('macros', 'review', 'A macro (VBA) project', 'an XLSM `vbaProject.bin`'),
    rule('embedded_object', 'review', 'An embedded file or OLE object', 'a spreadsheet embedded in a DOCX'),
    rule('speaker_notes', 'review', 'Speaker notes in a presentation', 'a PPTX notes slide'),
    rule('hidden_slide', 'review', 'A hidden slide', 'a PPTX slide with `show="0"`'),
    rule('pdf_annotations', 'review', 'PDF annotations (comments, highlights)', 'a sticky note on page 2'),
    rule('pdf_attachment', 'review', 'Files attached to a PDF (each is checked as an entry)', 'a CSV attached to a report PDF'),
    rule('pdf_form_fields', 'review', 'PDF form fields holding entered values', 'a filled-in form'),
    rule('pdf_javascript', 'review', 'JavaScript in a PDF', 'an OpenAction script'),
    rule('pdf_incremental_update', 'review', 'A PDF saved with incremental updates (earlier versions remain in the file)', 'two `%%EOF` markers'),
    rule('pdf_unapplied_redaction', 'review', 'Redaction annotations that were never applied', 'a `/Redact` annotation'),
    rule('pdf_pages_not_checked', 'review', 'PDF pages that could not be inspected or were past the page limit', 'a 5000-page PDF'),
  ],
  notebook: [
    rule('stored_outputs', 'review', 'A notebook with stored outputs (the outputs are checked by the other families)', 'an `.ipynb` with execution results'),
    rule('author_metadata', 'review', 'Author names in the notebook’s metadata', '`metadata.authors: [{name: "Ada"}]`'),
  ],
  archive: [
    rule('bomb', 'block', 'An archive bomb: expansion ratio, total size or entry count past the limits, or overlapping entries', 'a 42 KB zip declaring 4 PB', [
      'archiveMaxRatio',
      'archiveMaxTotalBytes',
      'archiveMaxEntries',
    ]),
    rule('too_deep', 'block', 'Archives nested past the depth limit; the inner files were not checked', 'a zip in a zip in a zip in a zip', ['archiveMaxDepth']),
    rule('path_traversal', 'block', 'An entry whose path leaves the archive', '`../../etc/passwd`'),
    rule('image_bomb', 'block', 'An image declaring more pixels than any output needs (review below twice the limit)', 'a PNG declaring 20000×20000'),
    rule('duplicate_entry', 'review', 'Two entries with the same path', 'two `data.csv` in one zip'),
    rule('encrypted_entry', 'review', 'An encrypted member that cannot be checked', 'a password-protected zip entry'),
    rule('not_inspected', 'review', 'A member that was not inspected (past a limit)', 'entry 10001 of a large zip', ['archiveMaxEntries']),
    rule('unsupported_format', 'review', 'An archive format the checker cannot open', 'a `.7z` file'),
  ],
  filetype: [
    rule('extension_mismatch', 'review', 'Content that does not match its extension', 'a ZIP named `results.csv`'),
    rule('unknown_binary', 'review', 'Binary content of an unknown type: nothing inside it could be checked', 'a `.bin` file'),
    rule('findings_truncated', 'info', 'More findings than are listed for one file; it takes the worst severity of those left out', '`250 more findings were not listed`'),
  ],
};

/** Every rule, in family order. */
export const RULE_CATALOGUE: readonly RuleEntry[] = Object.entries(FAMILIES).flatMap(([family, entries]) =>
  entries.map(({ rule: r, ...rest }) => ({ id: `${family}.${r}`, family: family as FindingFamily, ...rest })),
);

/** The catalogue entry of a rule id, if it has one. */
export function ruleEntry(id: string): RuleEntry | undefined {
  return RULE_CATALOGUE.find((e) => e.id === id);
}
