/**
 * Every refusal the system makes, with a stable code and the kind of failure it is.
 * The HTTP layer maps kinds to statuses (server/http/error-handler.ts); the CLI maps them to
 * exit codes. Messages are for people; codes are for programs and never change meaning.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'gone' | 'conflict' | 'rate_limited' | 'integrity';

export const ERROR_CODES = {
  'validation.invalid_input': 'invalid',
  'auth.unauthenticated': 'unauthenticated',
  'auth.invalid_credentials': 'unauthenticated',
  'auth.session_expired': 'unauthenticated',
  'auth.csrf_invalid': 'forbidden',
  'auth.rate_limited': 'rate_limited',
  'auth.forbidden': 'forbidden',
  'auth.account_disabled': 'unauthenticated',
  'user.not_found': 'not_found',
  'user.email_taken': 'conflict',
  'project.not_found': 'not_found',
  'project.closed': 'conflict',
  'dataset.representative_invalid': 'invalid',
  'participant.not_found': 'not_found',
  'participant.exists': 'conflict',
  'participant.role_conflict': 'conflict',
  'participant.has_datasets': 'conflict',
  'work_package.not_found': 'not_found',
  'work_package.classified': 'conflict',
  'work_package.not_classified': 'conflict',
  'work_package.not_disputed': 'conflict',
  'work_package.disputed': 'conflict',
  'work_package.dataset_not_in_project': 'invalid',
  'question_set.not_found': 'not_found',
  'question_set.invalid': 'invalid',
  'question_set.exists': 'conflict',
  'tier_policy.invalid': 'invalid',
  'tier_policy.unchanged': 'conflict',
  'classification.not_a_classifier': 'forbidden',
  'classification.opinion_exists': 'conflict',
  'classification.no_opinion': 'conflict',
  'classification.invalid_path': 'invalid',
  'classification.missing_answer': 'invalid',
  'classification.unknown_question': 'invalid',
  'classification.discussion_required': 'conflict',
  'classification.not_a_referee': 'invalid',
  'workflow.invalid_transition': 'conflict',
  'workflow.not_allowed': 'forbidden',
  'workflow.guard_failed': 'conflict',
  'package.not_found': 'not_found',
  'package.not_editable': 'conflict',
  'package.no_output_files': 'conflict',
  'package.context_incomplete': 'conflict',
  'package.too_many_files': 'invalid',
  'package.too_large': 'invalid',
  'package.self_review': 'forbidden',
  'file.not_found': 'not_found',
  'file.name_invalid': 'invalid',
  'file.name_clash': 'conflict',
  'file.too_large': 'invalid',
  'file.empty': 'invalid',
  'file.size_mismatch': 'invalid',
  'file.hash_mismatch': 'invalid',
  'file.type_not_allowed': 'invalid',
  'file.not_removed': 'conflict',
  'file.removed': 'conflict',
  'check.not_found': 'not_found',
  'storage.integrity': 'integrity',
  'storage.quota_exceeded': 'invalid',
  'storage.unavailable': 'integrity',
  'storage.not_found': 'not_found',
  'upload.not_found': 'not_found',
  'upload.incomplete': 'conflict',
  'token.invalid': 'unauthenticated',
  'token.scope': 'forbidden',
  'token.not_found': 'not_found',
  'output_area.not_configured': 'conflict',
  'output_area.not_found': 'not_found',
  'output_area.outside': 'invalid',
  'output_area.unreadable': 'invalid',
  'output_area.unsupported': 'invalid',
  'output_area.changed_during_copy': 'conflict',
  'conflict.stale_version': 'conflict',
  // Findings responses and data provider handover decisions (issue 10 §4, §6).
  'review.stale_file_version': 'conflict',
  'finding.not_found': 'not_found',
  'finding.wrong_severity': 'conflict',
  'finding.justification_required': 'invalid',
  'finding.no_exception_request': 'conflict',
  'finding.not_answerable': 'conflict',
  'handover.not_a_handover': 'conflict',
  'handover.decisions_closed': 'conflict',
  'handover.not_flagged': 'conflict',
  'storage_decision.not_found': 'not_found',
  'storage_decision.superseded': 'conflict',
  'storage_decision.review_date_past': 'invalid',
  // Issue 10 §2 and §4 (classification integrity; egress classification with the findings in view)
  'work_package.no_datasets': 'conflict',
  'work_package.last_dataset': 'conflict',
  'work_package.package_released': 'conflict',
  'classification.explanation_required': 'invalid',
  'classification.nothing_to_confirm': 'conflict',
  // Issue 10 §1, content confinement: who reads a file version's bytes from where, and where files may come from.
  'content.outside_environment': 'forbidden',
  'content.not_a_reader': 'forbidden',
  'content.not_released': 'forbidden',
  'content.revoked': 'forbidden',
  'ingest.outside_environment': 'forbidden',
  // Review (issue 10 §4, §6): per-file decisions, submitted reviews, comments, removal outcomes.
  'review.not_a_reviewer': 'forbidden',
  'review.not_in_review': 'conflict',
  'review.supporting_file': 'conflict',
  'review.reason_required': 'invalid',
  'review.already_submitted': 'conflict',
  'review.incomplete': 'conflict',
  'comment.not_allowed': 'forbidden',
  'comment.private_not_allowed': 'forbidden',
  'comment.thread_closed': 'conflict',
  'comment.empty': 'invalid',
  'comment.too_long': 'invalid',
  'comment.invalid_characters': 'invalid',
  'comment.not_found': 'not_found',
  'comment.subject_not_found': 'not_found',
  'comment.not_yours': 'forbidden',
  'comment.retracted': 'conflict',
  'removal.not_found': 'not_found',
  'removal.not_allowed': 'forbidden',
  'removal.reinstated': 'conflict',
  // issue 10 §5–§6, sign-offs and approval: the guards of submit and approve, and sign-off refusals.
  'package.destination_not_allowed': 'conflict',
  'approval.tier_not_agreed': 'conflict',
  'approval.tier_not_egressable': 'conflict',
  'approval.report_tier_inside': 'conflict',
  'approval.opinions_unconfirmed': 'conflict',
  'approval.files_not_approved': 'conflict',
  'approval.reviews_missing': 'conflict',
  'approval.findings_unresolved': 'conflict',
  'approval.findings_unacknowledged': 'conflict',
  'approval.storage_decision_missing': 'conflict',
  'approval.redaction_decisions_missing': 'conflict',
  'approval.sign_offs_missing': 'conflict',
  'approval.sign_off_outside_team_missing': 'conflict',
  'sign_off.not_found': 'not_found',
  'sign_off.not_in_review': 'conflict',
  'sign_off.stale_digest': 'conflict',
  'sign_off.duplicate': 'conflict',
  'sign_off.role_not_required': 'conflict',
  'sign_off.not_allowed': 'forbidden',
  'sign_off.review_not_submitted': 'conflict',
  'sign_off.voided': 'conflict',
  // Release (issue 12) is not built yet: the move is refused.
  // Bundle signing keys and sealing (issue 12, docs/bundles.md).
  'bundle_key.missing': 'integrity',
  'bundle_key.insecure': 'integrity',
  'bundle_key.corrupt': 'integrity',
  'bundle_key.retired': 'conflict',
  'bundle_key.not_configured': 'integrity',
  'bundle_key.configured_path': 'conflict',
  'bundle.not_approved': 'conflict',
  'bundle.content_mismatch': 'integrity',
  // issue 12, releases and download links.
  'release.not_found': 'not_found',
  'release.in_progress': 'conflict',
  'release.invalid_step': 'conflict',
  'release.not_released': 'conflict',
  'release.not_allowed': 'forbidden',
  'release.confirmation_mismatch': 'invalid',
  'release.no_destination': 'conflict',
  'link.not_ready': 'conflict',
  'link.not_found': 'not_found',
  'link.expired': 'gone',
  'link.exhausted': 'gone',
  'link.revoked': 'gone',
  'link.address_not_allowed': 'forbidden',
  'link.not_allowed_by_tier': 'conflict',
  'link.lifetime_too_long': 'invalid',
  'link.networks_invalid': 'invalid',
  // Answered with 416 by the link route itself (never thrown): the range starts past the end.
  'link.range_not_satisfiable': 'invalid',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A refusal with a stable code. Thrown by domain, policies and commands; never carries secrets. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.kind = ERROR_CODES[code];
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
