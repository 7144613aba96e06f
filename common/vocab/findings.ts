/** Finding families and severities of the automated disclosure checks (docs/design.md §7). */
export const FINDING_FAMILIES = ['sdc', 'microdata', 'pii', 'metadata', 'hidden-content', 'notebook', 'secrets', 'archive', 'filetype'] as const;
export type FindingFamily = (typeof FINDING_FAMILIES)[number];

export const SEVERITIES = ['info', 'review', 'block'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VERDICTS = ['pass', 'review', 'block'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const FILE_SCAN_STATUSES = ['checked', 'unreadable', 'skipped'] as const;
export type FileScanStatus = (typeof FILE_SCAN_STATUSES)[number];
