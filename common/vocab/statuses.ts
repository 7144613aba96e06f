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
