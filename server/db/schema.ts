/**
 * Row types of every table. Kept apart from domain types; repositories map between them.
 * Dialect-neutral: ids and timestamps are text (ISO 8601 UTC), booleans are 0/1 integers,
 * structured values are JSON text.
 */
import type { Kysely, Transaction } from 'kysely';
import type { FindingResponseKind } from '../../common/contracts/finding-responses.contract';
import type { RedactionDecisionKind } from '../../common/contracts/handover-decisions.contract';
import type { RedactionProposalStatus } from '../../common/contracts/redaction.contract';
import type { SignOffRole } from '../../common/vocab/destinations';
import type { Verdict } from '../../common/vocab/findings';
import type { CommentSubjectType, CommentVisibility, RemovalOutcome, ReviewDecision, ReviewReasonCode } from '../../common/vocab/review';
import type { ProjectRole, SystemRole } from '../../common/vocab/roles';
import type { ClassificationStatus, FileCategory, FileRole, FileSource, PackageStatus, ProjectStatus, WorkPackageKind } from '../../common/vocab/statuses';

/** How a work package's tier was settled: every classifier agreed, or the highest tier was taken. */
export type ClassificationResolution = 'agreement' | 'highest_tier';
import type { ReleaseMethod, ReleaseStep } from '../../common/vocab/release';
import type { EmailStatus, NotificationKind } from '../../common/vocab/notifications';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  system_role: SystemRole;
  disabled: number;
  created_at: string;
  version: number;
  /** The confirmed TOTP secret (base32), or null when no second factor is enrolled. */
  totp_secret: string | null;
  /** A secret shown during enrolment, until a code from it confirms it. */
  totp_pending_secret: string | null;
  totp_enrolled_at: string | null;
  /** The last TOTP time step accepted: a code of that step or an earlier one is refused (replay). */
  totp_last_step: number | null;
}

export interface SessionsTable {
  id: string; // sha256 of the session token; the token itself is never stored
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** `full`, or a pending sign-in: `second_factor` (code awaited) or `enrolment` (factor to enrol). */
  stage: SessionStage;
}

export type SessionStage = 'full' | 'second_factor' | 'enrolment';

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  salt: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface SignInFailuresTable {
  id: string;
  account: string;
  address: string;
  at: string;
  cleared_at: string | null;
}

export interface QuestionSetsTable {
  id: string;
  name: string;
  version: number;
  title: string;
  start: string;
  definition: string;
  created_at: string;
}

export interface TierPoliciesTable {
  version: number;
  definition: string;
  created_at: string;
}

export interface ProjectsTable {
  id: string;
  name: string;
  description: string;
  environment_tier: number;
  question_set_id: string;
  status: ProjectStatus;
  version: number;
  created_at: string;
  created_by: string | null;
  /** The project's output area: a folder path or a storage-container prefix; null when not configured. */
  output_area: string | null;
}

export interface ParticipantsTable {
  id: string;
  project_id: string;
  user_id: string;
  role: ProjectRole;
  added_at: string;
  removed_at: string | null;
}

export interface DatasetsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  provider_name: string;
  representative_user_id: string;
  created_at: string;
}

export interface WorkPackagesTable {
  id: string;
  project_id: string;
  kind: WorkPackageKind;
  name: string;
  description: string;
  status: ClassificationStatus;
  tier: number | null;
  round: number;
  resolution: ClassificationResolution | null;
  classified_at: string | null;
  policy_version: number | null;
  version: number;
  created_at: string;
}

export interface WorkPackageDatasetsTable {
  work_package_id: string;
  dataset_id: string;
}

export interface OpinionsTable {
  id: string;
  work_package_id: string;
  classifier_id: string;
  role: ProjectRole;
  round: number;
  question_set_id: string;
  path: string;
  tier: number;
  submitted_at: string;
  superseded_at: string | null;
  /** Why the answers stand although they contradict the package's findings (migration 0007). */
  explanation: string | null;
}

export interface RefereeApprovalsTable {
  id: string;
  work_package_id: string;
  round: number;
  referee_id: string;
  dpr_id: string;
  approved_at: string;
}

export interface DiscussionEntriesTable {
  id: string;
  work_package_id: string;
  round: number;
  author_id: string;
  message: string;
  cause: string | null;
  created_at: string;
}

export interface ReopeningsTable {
  id: string;
  work_package_id: string;
  round: number;
  reason: string;
  by_id: string;
  at: string;
  previous_tier: number;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string;
  project_id: string | null;
  summary: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A signed statement of the chain head at one moment (0015-audit-checkpoints). */
export interface AuditCheckpointsTable {
  seq: number | string; // bigint: a string on PostgreSQL
  head_hash: string;
  at: string;
  key_fingerprint: string;
  public_key: string;
  signature: string;
}

/** bigint columns: numbers on SQLite, strings on PostgreSQL; repositories convert with Number(). */
type BigInt = number | string;

export interface PackagesTable {
  id: string; // the work package's id
  project_id: string;
  status: PackageStatus;
  context: string;
  review_turn: number;
  submitted_by: string | null;
  submitted_at: string | null;
  failed_stage: PackageStatus | null;
  failure_reason: string | null;
  status_comment: string | null;
  file_count: number;
  total_bytes: BigInt;
  version: number;
  created_at: string;
  updated_at: string;
  /** The registered destination the package goes to (migration 0009), part of its content digest. */
  destination_id: string | null;
}

export interface PackageFilesTable {
  id: string;
  package_id: string;
  path: string;
  path_key: string;
  role: FileRole;
  category: FileCategory;
  current_version: number;
  bytes: BigInt;
  removed: number;
  deleted_at: string | null;
  version: number;
  created_at: string;
}

export interface FileVersionsTable {
  id: string;
  file_id: string;
  package_id: string;
  number: number;
  sha256: string;
  bytes: BigInt;
  media_type: string;
  source: FileSource;
  source_path: string | null;
  source_mtime_ms: BigInt | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
  /** The network address it was uploaded or pushed from; null for the output area and the system (migration 0006). */
  origin_address: string | null;
}

export interface RemovalsTable {
  id: string;
  package_id: string;
  file_id: string;
  version_number: number;
  reason: string;
  removed_by: string;
  removed_at: string;
  reinstated_by: string | null;
  reinstated_at: string | null;
  reinstated_version: number | null;
  /** The agreed outcome (migration 0006): 'reinstate_after_redaction' | 'keep_inside'; null while undecided. */
  outcome: RemovalOutcome | null;
  outcome_by: string | null;
  outcome_at: string | null;
}

export interface CheckResultsTable {
  file_version_id: string;
  package_id: string;
  status: 'checked' | 'unreadable' | 'skipped';
  verdict: Verdict;
  tool_version: string;
  preset: string;
  parameters: string;
  result: string;
  checked_at: string;
}

/** A check result replaced by a re-check, kept whole with who asked, when and why. */
export interface SupersededCheckResultsTable extends CheckResultsTable {
  id: string;
  superseded_at: string;
  superseded_by: string | null;
  reason: string;
}

export interface UploadsTable {
  id: string;
  package_id: string;
  user_id: string;
  path: string;
  bytes: BigInt;
  expected_sha256: string | null;
  created_at: string;
  completed_at: string | null;
  file_version_id: string | null;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  prefix: string;
  user_id: string;
  project_id: string;
  name: string;
  scopes: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface JobsTable {
  id: string;
  queue: string;
  payload: string;
  state: string;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  run_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A project's disclosure-check settings (migration 0004); absent until first changed. */
export interface ProjectCheckSettingsTable {
  project_id: string;
  /** null: the installation default. */
  preset: string | null;
  /** JSON: parameter overrides. */
  parameters: string;
  /** JSON: { "0".."4": { preset, parameters } }. */
  tiers: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/** Who is on a package's author team and why (docs/design.md §5.2; migration 0006). */
export interface PackageAuthorsTable {
  package_id: string;
  user_id: string;
  /** 'submitted' | 'added_file' | 'edited_context' | 'draft_role' */
  reason: string;
  first_at: string;
}

/** A reviewer's decision on one file version in one review turn. */
export interface FileReviewsTable {
  id: string;
  package_id: string;
  file_id: string;
  file_version_id: string;
  turn: number;
  reviewer_id: string;
  decision: ReviewDecision;
  reason_code: ReviewReasonCode | null;
  comment: string;
  decided_at: string;
  /** The earlier turn's review this row carries over (the file's content did not change). */
  carried_from: string | null;
  superseded_at: string | null;
}

/** A reviewer's submitted review of a turn: ends their independent phase. */
export interface ReviewSubmissionsTable {
  id: string;
  package_id: string;
  turn: number;
  reviewer_id: string;
  submitted_at: string;
}

export interface PackageCommentsTable {
  id: string;
  package_id: string;
  subject_type: CommentSubjectType;
  subject_id: string;
  turn: number;
  author_id: string;
  visibility: CommentVisibility;
  body: string;
  created_at: string;
  retracted_at: string | null;
  retracted_by: string | null;
}

/** An answer to a finding: the authors' exception request, a reviewer's override, refusal or acknowledgement. */
export interface FindingResponsesTable {
  id: string;
  package_id: string;
  file_version_id: string;
  finding_key: string;
  rule: string;
  kind: FindingResponseKind;
  by_id: string;
  text: string;
  at: string;
  withdrawn_at: string | null;
}

/** A sign-off bound to the package's content digest; voided (never deleted) when the content changes. */
export interface SignOffsTable {
  id: string;
  package_id: string;
  turn: number;
  user_id: string;
  role: SignOffRole;
  digest: string;
  signed_at: string;
  voided_at: string | null;
  void_cause: string | null;
}

/** Where a high-tier handover will be stored (docs/design.md §6). */
export interface StorageDecisionsTable {
  id: string;
  package_id: string;
  location: string;
  custodian: string;
  protection: string;
  retention: string;
  review_date: string;
  recorded_by: string;
  recorded_at: string;
  superseded_at: string | null;
}

export interface StorageDecisionAgreementsTable {
  decision_id: string;
  user_id: string;
  role: string;
  agreed_at: string;
}

/** The redaction decision on one flagged output of a high-tier handover. */
export interface RedactionDecisionsTable {
  id: string;
  package_id: string;
  file_id: string;
  file_version_id: string;
  decision: RedactionDecisionKind;
  reason: string;
  decided_by: string;
  decided_at: string;
  superseded_at: string | null;
}

/** The provenance of one redacted file version (migration 0011, issue 13). JSON columns hold the contract's shapes. */
export interface RedactionRecordsTable {
  id: string;
  package_id: string;
  file_id: string;
  /** The version the redaction produced. */
  file_version_id: string;
  original_version_id: string;
  original_sha256: string;
  result_sha256: string;
  operation: string;
  /** JSON object: the operation's parameters as given. */
  parameters: string;
  reason: string;
  /** JSON `[{findingKey, rule}]`. */
  targets: string;
  /** JSON `{changeCount, changes, notes}`. */
  outcome: string;
  /** Who ran the operation: the author who applied it, or the reviewer who proposed it. */
  created_by: string;
  created_at: string;
  /** The proposal it came from, when a reviewer proposed it and the author team accepted. */
  proposal_id: string | null;
}

/** A reviewer's proposed redaction, waiting for the author team (migration 0011). */
export interface RedactionProposalsTable {
  id: string;
  package_id: string;
  file_id: string;
  original_version_id: string;
  original_sha256: string;
  result_sha256: string;
  result_bytes: BigInt;
  operation: string;
  parameters: string;
  reason: string;
  targets: string;
  outcome: string;
  review_turn: number;
  status: RedactionProposalStatus;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_comment: string | null;
  result_version_id: string | null;
}

/** A classifier confirming their opinion still holds after the package's content changed. */
export interface OpinionConfirmationsTable {
  id: string;
  work_package_id: string;
  round: number;
  classifier_id: string;
  confirmed_at: string;
}

/** The public half of a bundle signing key (migration 0010); the current one has no `retired_at`. */
export interface BundleKeysTable {
  fingerprint: string;
  algorithm: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  public_key: string;
  /** 'created' (first start) | 'rotated' (`egress keys rotate`) | 'configured' (a new file at BUNDLE_SIGNING_KEY) */
  source: string;
  created_at: string;
  retired_at: string | null;
}

/** One release attempt of a package (migration 0008); the step says where the release job is. */
export interface ReleasesTable {
  id: string;
  package_id: string;
  step: ReleaseStep;
  method: ReleaseMethod;
  /** A registered destination (migration 0009); null for a plain download link. */
  destination_id: string | null;
  /** The bundle's blob key (its sha256) in the blob store; null until sealed. */
  bundle_sha256: string | null;
  bundle_bytes: BigInt | null;
  bundle_name: string | null;
  manifest_sha256: string | null;
  key_fingerprint: string | null;
  /** JSON: the released file versions (`ReleasedFile[]`). */
  files: string;
  started_by: string | null;
  started_at: string;
  updated_at: string;
  released_at: string | null;
  failed_at: string | null;
  failure_reason: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** A download link of a release: only the sha256 of its token is stored. */
export interface ReleaseLinksTable {
  id: string;
  release_id: string;
  token_sha256: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  max_downloads: number;
  downloads: number;
  /** JSON list of CIDRs the link may be used from; null: any address. */
  allowed_networks: string | null;
  revoked_at: string | null;
}

/** A registered destination of a project (migration 0009, docs/delivery.md). */
export interface DestinationsTable {
  id: string;
  project_id: string;
  name: string;
  kind: string;
  contact_email: string;
  method: string;
  target: string | null;
  recipient_key: string | null;
  recipient_key_fingerprint: string | null;
  created_by: string | null;
  created_at: string;
  retired_at: string | null;
  retired_by: string | null;
}

/** One run of the output-area inventory job (migration 0012, docs/closure.md). */
export interface InventoryRefreshesTable {
  id: string;
  project_id: string;
  /** 1, 2, … per project, in the order the runs were asked for. */
  number: number;
  output_area: string;
  requested_by: string | null;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  files: number;
  hashed: number;
  kept: number;
  removed: number;
  skipped: number;
  unreadable: number;
  error: string | null;
}

/** One file of a project's output area as the last inventory saw it. */
export interface OutputAreaInventoryTable {
  project_id: string;
  path: string;
  bytes: BigInt;
  mtime_ms: BigInt;
  etag: string | null;
  sha256: string | null;
  hashed_at: string | null;
  seen_at: string;
}

/** A person's decision that an output-area file stays inside or is discarded at closure. */
export interface ClosureFileMarksTable {
  id: string;
  project_id: string;
  path: string;
  fate: 'retained' | 'discarded';
  reason: string;
  marked_by: string | null;
  marked_at: string;
  superseded_at: string | null;
}

/** A closure checklist item a programme manager waived, with the reason. */
export interface ClosureWaiversTable {
  id: string;
  project_id: string;
  code: string;
  item_key: string;
  reason: string;
  waived_by: string | null;
  waived_at: string;
  superseded_at: string | null;
}

/** The closure report of a closed project (migration 0014): its two blobs and the chain head it states. */
export interface ClosureReportsTable {
  project_id: string;
  generated_at: string;
  generated_by: string | null;
  html_sha256: string;
  html_bytes: BigInt;
  pdf_sha256: string;
  pdf_bytes: BigInt;
  chain_head_seq: BigInt;
  chain_head_hash: string;
}

/** One event for one recipient (migration 0013, docs/notifications.md). */
export interface NotificationsTable {
  id: string;
  event_key: string;
  kind: NotificationKind;
  project_id: string | null;
  recipient_user_id: string | null;
  recipient_email: string | null;
  subject_type: string;
  subject_id: string;
  title: string;
  path: string;
  created_at: string;
  read_at: string | null;
  email_status: EmailStatus;
  email_to: string | null;
  email_queued_at: string | null;
  email_attempts: number;
  email_error: string | null;
  email_sent_at: string | null;
  link_token: string | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: NotificationKind;
  email: number;
  updated_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_failures: SignInFailuresTable;
  question_sets: QuestionSetsTable;
  tier_policies: TierPoliciesTable;
  projects: ProjectsTable;
  participants: ParticipantsTable;
  datasets: DatasetsTable;
  work_packages: WorkPackagesTable;
  work_package_datasets: WorkPackageDatasetsTable;
  opinions: OpinionsTable;
  referee_approvals: RefereeApprovalsTable;
  discussion_entries: DiscussionEntriesTable;
  reopenings: ReopeningsTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  packages: PackagesTable;
  package_files: PackageFilesTable;
  file_versions: FileVersionsTable;
  removals: RemovalsTable;
  check_results: CheckResultsTable;
  superseded_check_results: SupersededCheckResultsTable;
  uploads: UploadsTable;
  api_tokens: ApiTokensTable;
  project_check_settings: ProjectCheckSettingsTable;
  jobs: JobsTable;
  package_authors: PackageAuthorsTable;
  file_reviews: FileReviewsTable;
  review_submissions: ReviewSubmissionsTable;
  package_comments: PackageCommentsTable;
  finding_responses: FindingResponsesTable;
  sign_offs: SignOffsTable;
  storage_decisions: StorageDecisionsTable;
  storage_decision_agreements: StorageDecisionAgreementsTable;
  redaction_decisions: RedactionDecisionsTable;
  redaction_records: RedactionRecordsTable;
  redaction_proposals: RedactionProposalsTable;
  opinion_confirmations: OpinionConfirmationsTable;
  bundle_keys: BundleKeysTable;
  releases: ReleasesTable;
  release_links: ReleaseLinksTable;
  destinations: DestinationsTable;
  inventory_refreshes: InventoryRefreshesTable;
  output_area_inventory: OutputAreaInventoryTable;
  closure_file_marks: ClosureFileMarksTable;
  closure_waivers: ClosureWaiversTable;
  closure_reports: ClosureReportsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
}

/** A connection or a transaction: what read-only repository functions take. */
export type Db = Kysely<Database>;
/** A transaction: what mutating repository functions take, so writes cannot happen outside one. */
export type Tx = Transaction<Database>;
