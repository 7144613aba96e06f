/** Project lifecycle. */
export const PROJECT_STATUSES = ['active', 'closing', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_LABELS = {
  active: 'Active',
  closing: 'Closing',
  closed: 'Closed',
} as const satisfies Record<ProjectStatus, string>;

/** Kinds of work package. Every project starts with one of each of the first three. */
export const WORK_PACKAGE_KINDS = ['ingress', 'egress_report', 'egress_handover', 'egress_other'] as const;
export type WorkPackageKind = (typeof WORK_PACKAGE_KINDS)[number];

export const WORK_PACKAGE_KIND_LABELS = {
  ingress: 'Ingress',
  egress_report: 'Egress · report finalisation',
  egress_handover: 'Egress · data provider handover',
  egress_other: 'Egress',
} as const satisfies Record<WorkPackageKind, string>;

/** Classification status of a work package; transitions live in common/workflow. */
export const CLASSIFICATION_STATUSES = ['unclassified', 'classifying', 'disputed', 'classified'] as const;
export type ClassificationStatus = (typeof CLASSIFICATION_STATUSES)[number];

export const CLASSIFICATION_STATUS_LABELS = {
  unclassified: 'Not yet classified',
  classifying: 'Classification in progress',
  disputed: 'Disputed',
  classified: 'Classified',
} as const satisfies Record<ClassificationStatus, string>;

/** Lifecycle of an egress package (docs/design.md §5.1); transitions live in common/workflow. */
export const PACKAGE_STATUSES = ['draft', 'checking', 'in_review', 'returned', 'approved', 'releasing', 'released', 'failed', 'withdrawn', 'retained', 'rejected', 'revoked'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

export const PACKAGE_STATUS_LABELS = {
  draft: 'Draft',
  checking: 'Automated checks running',
  in_review: 'In review',
  returned: 'Returned for changes',
  approved: 'Approved',
  releasing: 'Releasing',
  released: 'Released',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
  retained: 'Retained inside',
  rejected: 'Rejected',
  revoked: 'Revoked',
} as const satisfies Record<PackageStatus, string>;

/** Statuses in which the author team may change files, roles, categories, context and the register. */
export const PACKAGE_EDITABLE_STATUSES: readonly PackageStatus[] = ['draft', 'returned'];

/** What a file in a package is (docs/design.md §5); suggested from the content, changeable. */
export const FILE_CATEGORIES = ['report', 'figure', 'table', 'code', 'dataset', 'other'] as const;
export type FileCategory = (typeof FILE_CATEGORIES)[number];

/** `output` is to be released; `supporting` is context for reviewers and never released. */
export const FILE_ROLES = ['output', 'supporting'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

/** How a file version came in: uploaded, copied from the output area, or made by a redaction of an earlier version (issue 13). */
export const FILE_SOURCES = ['upload', 'output_area', 'redaction'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];
