/**
 * Audit events in words: one sentence per event saying who did what to which file, built only
 * from the event's own fields (actor label, object, summary), so it never shows anything the
 * record does not hold. The raw summary stays available to auditors under "Details".
 *
 * Every action the server writes has an entry in AUDIT_WORDS (audit-words.test.ts scans the
 * server's source, so a new event without wording fails the tests). An action without an
 * entry still reads as a sentence (`describeAuditEvent` falls back to its words).
 *
 * Example: `package.file_version_added` with summary `{ path: 'results/t1.csv', version: 2,
 * bytes: 4300, source: 'upload' }` by "Ada Lovelace <ada@example.org>" →
 * "Ada Lovelace added version 2 of results/t1.csv (4.2 KB, uploaded)".
 *
 * The events of issue 10's review work read these summary fields when present: `path`,
 * `version`, `turn`, `decision`, `reasonCode`, `rule`, `visibility`, `role`, `outcome`,
 * `cause`, `count`, `address`, `inside`, `justification`, `round`.
 */
import type { AuditEvent } from '../../../common/contracts/audit.contract';
import { PROJECT_ROLE_LABELS, SYSTEM_ROLE_LABELS, type TokenScope, WORK_PACKAGE_KIND_LABELS } from '../../../common/vocab';
import { formatTier } from './format';
import { CATEGORY_LABELS, formatBytes } from './package-format';

/** What a sentence may be built from: the event itself. */
export type AuditEventFacts = Pick<AuditEvent, 'action' | 'actorLabel' | 'objectType' | 'objectId' | 'summary'>;

type Summary = AuditEvent['summary'];

interface WordsInput {
  /** The actor as a name: "Ada Lovelace" for "Ada Lovelace <ada@example.org>". */
  who: string;
  s: Summary;
}

/** One action's wording: a whole sentence, starting with who (or with what happened, for the system's moves). */
type Words = (input: WordsInput) => string;

// Readers that answer only what the summary holds, in the type the sentence needs.
const text = (s: Summary, key: string): string | undefined => {
  const value = s[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};
const num = (s: Summary, key: string): number | undefined => {
  const value = s[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};
const list = (s: Summary, key: string): unknown[] | undefined => {
  const value = s[key];
  return Array.isArray(value) ? value : undefined;
};
const record = (s: Summary, key: string): Summary => {
  const value = s[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Summary) : {};
};

const QUOTE_MAX = 200;
/** A person's own words, quoted and cut to a sentence's length (the whole text is under Details). */
const quoted = (value: string | undefined): string => (value === undefined ? '' : `: “${value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value}”`);
/** "small_counts" → "small counts". */
const words = (value: string): string => value.replaceAll(/[_.]/g, ' ');
const labelOf = (labels: Record<string, string>, value: string | undefined): string | undefined => (value === undefined ? undefined : (labels[value] ?? words(value)));
const withArticle = (noun: string): string => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const parts = (...items: (string | undefined | false)[]): string => {
  const kept = items.filter((item): item is string => typeof item === 'string' && item !== '');
  return kept.length > 0 ? ` (${kept.join(', ')})` : '';
};

const file = (s: Summary): string => text(s, 'path') ?? 'a file';
const fileVersion = (s: Summary, key = 'version'): string => {
  const n = num(s, key);
  return n === undefined ? file(s) : `${file(s)} version ${n}`;
};
const turnOf = (s: Summary): string | undefined => {
  const n = num(s, 'reviewTurn') ?? num(s, 'turn');
  return n === undefined || n === 0 ? undefined : `turn ${n}`;
};
const roundOf = (s: Summary): string | undefined => {
  const n = num(s, 'round');
  return n === undefined ? undefined : `round ${n}`;
};
const projectRole = (s: Summary, key = 'role'): string | undefined => labelOf(PROJECT_ROLE_LABELS, text(s, key));
const tierOf = (s: Summary, key = 'tier'): string | undefined => {
  const n = num(s, key);
  return n === undefined ? undefined : formatTier(n);
};
const fileSize = (s: Summary): string | undefined => {
  const n = num(s, 'bytes');
  return n === undefined ? undefined : formatBytes(n);
};
const SOURCE_WORDS: Record<string, string> = { upload: 'uploaded', output_area: 'from the output area', redaction: 'made by a redaction' };
const countOf = (s: Summary, key: string, one: string): string | undefined => {
  const n = num(s, key);
  return n === undefined ? undefined : plural(n, one);
};

/** A file added or a new version: "results/t1.csv (4.2 KB, uploaded)". */
const addedFile = (s: Summary): string => `${file(s)}${parts(fileSize(s), labelOf(SOURCE_WORDS, text(s, 'source')))}`;

const fileChange = (s: Summary): string => {
  const from = record(s, 'from');
  const to = record(s, 'to');
  const changes: string[] = [];
  const [fromRole, toRole] = [text(from, 'role'), text(to, 'role')];
  if (fromRole !== toRole && toRole) changes.push(`it is now ${toRole === 'output' ? 'an output' : 'a supporting file'}`);
  const [fromCategory, toCategory] = [text(from, 'category'), text(to, 'category')];
  if (fromCategory !== toCategory && toCategory) changes.push(`category ${labelOf(CATEGORY_LABELS, fromCategory) ?? 'none'} → ${labelOf(CATEGORY_LABELS, toCategory)}`);
  return changes.length > 0 ? `: ${changes.join('; ')}` : '';
};

const CONTEXT_WORDS: Record<string, string> = {
  purpose: 'purpose',
  recipient: 'recipient',
  destinationKind: 'destination',
  population: 'population',
  suppressionThreshold: 'suppression threshold',
  rounding: 'rounding',
  outputs: 'output descriptions',
};
const contextChange = (s: Summary): string => {
  const keys = list(s, 'changed');
  if (keys === undefined) return '';
  const changed = keys.filter((k): k is string => typeof k === 'string').map((k) => labelOf(CONTEXT_WORDS, k));
  return changed.length > 0 ? ` (${changed.join(', ')})` : ' (nothing changed)';
};

const recheckSetAside = (s: Summary): string | undefined => {
  const n = num(record(s, 'superseded'), 'results');
  return n === undefined ? undefined : `${plural(n, 'earlier result')} set aside`;
};

/** A level's preset; null there means it inherits the default. */
const presetOf = (settings: Summary): string | undefined => ('preset' in settings ? (text(settings, 'preset') ?? 'the default') : undefined);
const checkSettingsChange = (s: Summary): string => {
  const [from, to] = [presetOf(record(s, 'from')), presetOf(record(s, 'to'))];
  if (to === undefined) return '';
  return from === undefined || from === to ? ` (preset ${to})` : ` (preset ${from} → ${to})`;
};

const SCOPE_WORDS = { 'packages:read': 'read packages', 'packages:write': 'add files to packages' } as const satisfies Record<TokenScope, string>;
const scopesOf = (s: Summary): string | undefined => {
  const scopes = (list(s, 'scopes') ?? []).filter((scope): scope is string => typeof scope === 'string');
  return scopes.length === 0 ? undefined : scopes.map((scope) => labelOf(SCOPE_WORDS, scope)).join(' and ');
};

const reviewDecision = (who: string, s: Summary): string => {
  const decision = text(s, 'decision');
  const why = parts(text(s, 'reasonCode') && words(text(s, 'reasonCode') as string), turnOf(s));
  if (decision === 'approve') return `${who} approved ${fileVersion(s)}${why}`;
  if (decision === 'request_changes') return `${who} asked for changes to ${fileVersion(s)}${why}`;
  if (decision === 'must_not_leave') return `${who} decided ${fileVersion(s)} must not leave${why}`;
  return `${who} decided on ${fileVersion(s)}${decision ? `: ${words(decision)}` : ''}${why}`;
};
const REDACTION_WORDS: Record<string, string> = { release_as_is: 'release as it is', redacted: 'redacted', keep_inside: 'keep inside' };
const REMOVAL_OUTCOME_WORDS: Record<string, string> = { reinstate_after_redaction: 'reinstate after redaction', keep_inside: 'keep inside' };
const finding = (s: Summary): string => {
  const rule = text(s, 'rule');
  return `${rule ? `the ${rule} finding` : 'a finding'} in ${fileVersion(s)}`;
};
const origin = (s: Summary): string => {
  const address = text(s, 'address');
  const inside = s.inside;
  const where = inside === true ? 'inside the environment' : inside === false ? 'outside the environment' : undefined;
  return `${address ? ` from ${address}` : ''}${where ? ` (${where})` : ''}`;
};
const FAILED_DURING: Record<string, string> = { checking: ' during the automated checks', releasing: ' during the release' };

/**
 * The wording of every audit action the server writes, keyed by action. Each function builds a
 * sentence from the event's actor and summary only; a missing summary field is left out.
 */
export const AUDIT_WORDS = {
  // Packages: files and uploads
  'package.upload_started': ({ who, s }) => `${who} started uploading ${file(s)}${parts(fileSize(s))}`,
  'package.upload_completed': ({ who, s }) => `${who} finished uploading ${file(s)}${s.created === false ? ' (same content as the current version: no new version)' : ''}`,
  'package.upload_refused': ({ who, s }) => `${who}’s upload of ${file(s)} was refused${parts(text(s, 'code'))}`,
  'package.upload_cancelled': ({ who, s }) => `${who} cancelled the upload of ${file(s)}`,
  'package.upload_abandoned': ({ who, s }) => `${who}’s upload of ${file(s)} was dropped: its staging could not be created`,
  'package.file_added': ({ who, s }) => `${who} added ${addedFile(s)}`,
  'package.file_version_added': ({ who, s }) => `${who} added ${num(s, 'version') === undefined ? 'a new version' : `version ${num(s, 'version')}`} of ${addedFile(s)}`,
  'package.file_changed': ({ who, s }) => `${who} changed ${file(s)}${fileChange(s)}`,
  'package.file_deleted': ({ who, s }) => `${who} took ${file(s)} out of the package`,
  'package.item_removed': ({ who, s }) => `${who} temporarily removed ${fileVersion(s)}${quoted(text(s, 'reason'))}`,
  'package.item_reinstated': ({ who, s }) =>
    `${who} reinstated ${file(s)}${parts(num(s, 'removedVersion') !== undefined && `removed at version ${num(s, 'removedVersion')}`, num(s, 'reinstatedVersion') !== undefined && `back at version ${num(s, 'reinstatedVersion')}`)}`,
  'package.context_updated': ({ who, s }) => `${who} edited the package’s context${contextChange(s)}`,
  'package.destination_chosen': ({ who, s }) => (text(s, 'to') ? `${who} chose the package’s registered destination` : `${who} cleared the package’s registered destination`),
  'storage.integrity_failure': ({ who, s }) => `${who} found a stored file version that no longer matches its hash${parts(text(s, 'during') && `during ${text(s, 'during')}`)}; the operation stopped`,
  'file.content_read': ({ who, s }) => `${who} read ${fileVersion(s)}${origin(s)}`,

  // Packages: the lifecycle (common/workflow/package.workflow.ts)
  'package.submitted': ({ who, s }) => `${who} submitted the package for review${parts(turnOf(s))}`,
  'package.withdrawn': ({ who }) => `${who} withdrew the package`,
  'package.checks_finished': ({ s }) => `The automated checks finished; the package is in review${parts(turnOf(s))}`,
  'package.failed': ({ s }) => `The package failed${labelOf(FAILED_DURING, text(s, 'from')) ?? ''}${quoted(text(s, 'reason'))}`,
  'package.retried': ({ who, s }) => `${who} retried the package: ${text(s, 'to') === 'releasing' ? 'the release starts again' : 'the automated checks start again'}`,
  'package.returned': ({ who, s }) => `${who} returned the package to its authors${quoted(text(s, 'comment'))}`,
  'package.resubmitted': ({ who, s }) => `${who} resubmitted the package for review${parts(turnOf(s))}`,
  'package.approved': ({ s }) => `The package was approved${parts(turnOf(s))}`,
  'package.retained': ({ who, s }) => `${who} retained the package inside${quoted(text(s, 'comment'))}`,
  'package.rejected': ({ who, s }) => `${who} rejected the package${quoted(text(s, 'comment'))}`,
  'package.recheck_requested': ({ who, s }) => `${who} asked for the automated checks to run again${parts(recheckSetAside(s))}${quoted(text(s, 'reason'))}`,
  'package.approval_voided': ({ s }) => `The package’s approval was voided and it is in review again${parts(turnOf(s))}${quoted(text(s, 'cause'))}`,
  'package.release_started': ({ who }) => `${who} started the release`,
  'package.released': () => 'The package was released',
  'package.revoked': ({ who, s }) =>
    `${who} revoked the release${parts(num(s, 'linksRevoked') !== undefined && `${plural(num(s, 'linksRevoked') ?? 0, 'link')} stopped`)}${quoted(text(s, 'comment'))}`,

  // Releases and download links (issue 12)
  'release.started': ({ s }) => `A release attempt started${parts(text(s, 'method') && words(text(s, 'method') ?? ''), num(s, 'files') !== undefined && plural(num(s, 'files') ?? 0, 'file'))}`,
  'release.step_reached': ({ s }) => `The release reached the step “${text(s, 'to') ?? 'next'}”`,
  'release.failed': ({ s }) => `The release attempt failed${quoted(text(s, 'reason'))}`,
  'release.link_issued': ({ who, s }) =>
    `${who} issued a download link${parts(num(s, 'maxDownloads') !== undefined && `at most ${plural(num(s, 'maxDownloads') ?? 0, 'download')}`, text(s, 'expiresAt') && `until ${text(s, 'expiresAt')}`, list(s, 'allowedNetworks') && `from ${list(s, 'allowedNetworks')?.join(', ')}`)}`,
  'release.link_download_started': ({ s }) =>
    `A download through a link started${parts(text(s, 'address') && `from ${text(s, 'address')}`, text(s, 'range') ? `bytes ${text(s, 'range')}` : 'whole bundle', s.counted === true ? 'counted' : 'a resume, not counted')}`,
  'release.link_download_ended': ({ s }) =>
    `A download through a link ${s.complete === true ? 'finished' : 'was cut short'}${parts(num(s, 'bytesSent') !== undefined && formatBytes(num(s, 'bytesSent') ?? 0), text(s, 'address') && `from ${text(s, 'address')}`)}`,
  'release.link_refused': ({ s }) => `A download through a link was refused${parts(text(s, 'code') && words(text(s, 'code') ?? ''), text(s, 'address') && `from ${text(s, 'address')}`)}`,
  'release.delivery_revoked': ({ s }) =>
    `The delivery of the revoked release was ${s.ok === true ? 'undone as far as its method allows' : 'not undone'}${parts(text(s, 'method') && words(text(s, 'method') ?? ''), text(s, 'error'))}`,

  // Notifications (issue 14)
  'notification.email_refused': ({ s }) => `The SMTP server refused a notification e-mail${parts(text(s, 'kind') && words(text(s, 'kind') ?? ''), text(s, 'reply'))}`,
  'notification.email_failed': ({ s }) => `A notification e-mail could not be sent after every attempt${parts(text(s, 'kind') && words(text(s, 'kind') ?? ''), text(s, 'error'))}`,
  'notification.settings_changed': ({ who }) => `${who} changed which notifications they get by e-mail`,

  // Packages: review, findings, decisions and sign-offs (issue 10)
  'file.review_decided': ({ who, s }) => reviewDecision(who, s),
  'package.review_decisions_carried': ({ s }) => {
    const n = num(s, 'decisions');
    const files = num(s, 'files');
    return `${n ?? 'Earlier'} review decision${n === 1 ? ' was' : 's were'} carried into the new turn${files !== undefined ? ` for ${files} unchanged file${files === 1 ? '' : 's'}` : ''}${parts(turnOf(s))}`;
  },
  'package.review_submitted': ({ who, s }) => `${who} submitted their review${parts(turnOf(s))}`,
  'package.comment_added': ({ who, s }) => `${who} commented on ${text(s, 'path') ?? 'the package'}${parts(text(s, 'visibility'), turnOf(s))}`,
  'package.comment_retracted': ({ who, s }) => `${who} retracted a comment on ${text(s, 'path') ?? 'the package'}`,
  'package.removal_outcome_recorded': ({ who, s }) =>
    `${who} recorded the outcome for temporarily removed ${file(s)}${text(s, 'outcome') ? `: ${labelOf(REMOVAL_OUTCOME_WORDS, text(s, 'outcome'))}` : ''}`,
  'finding.exception_requested': ({ who, s }) => `${who} asked for an exception for ${finding(s)}`,
  'finding.overridden': ({ who, s }) => `${who} overrode ${finding(s)}${quoted(text(s, 'justification'))}`,
  'finding.exception_refused': ({ who, s }) => `${who} refused the exception for ${finding(s)}`,
  'finding.acknowledged': ({ who, s }) => `${who} acknowledged ${finding(s)}`,
  'package.storage_decision_recorded': ({ who, s }) => `${who} recorded where the handover will be stored${parts(text(s, 'custodian') && `custodian ${text(s, 'custodian')}`)}`,
  'package.storage_decision_agreed': ({ who, s }) => `${who} agreed to the storage decision${parts(projectRole(s))}`,
  'package.redaction_decided': ({ who, s }) => `${who} decided on redaction of ${fileVersion(s)}${text(s, 'decision') ? `: ${labelOf(REDACTION_WORDS, text(s, 'decision'))}` : ''}`,
  // Redaction inside the product (issue 13, docs/redaction.md)
  'package.file_redacted': ({ who, s }) =>
    `${who} redacted ${file(s)}${parts(num(s, 'fromVersion') !== undefined && num(s, 'version') !== undefined && `version ${num(s, 'fromVersion')} → ${num(s, 'version')}`, text(s, 'operation'), countOf(s, 'changes', 'change'))}${quoted(text(s, 'reason'))}`,
  'package.file_redaction_linked': ({ who, s }) =>
    `${who} linked ${file(s)}${parts(num(s, 'fromVersion') !== undefined && num(s, 'version') !== undefined && `version ${num(s, 'version')} replaces ${num(s, 'fromVersion')}`)}, redacted by hand inside${quoted(text(s, 'reason'))}`,
  'package.redaction_proposed': ({ who, s }) => `${who} proposed a redaction of ${fileVersion(s)}${parts(text(s, 'operation'), countOf(s, 'changes', 'change'))}${quoted(text(s, 'reason'))}`,
  'package.redaction_proposal_accepted': ({ who, s }) =>
    `${who} accepted the proposed redaction of ${file(s)}${parts(num(s, 'version') !== undefined && `now version ${num(s, 'version')}`, text(s, 'operation'))}`,
  'package.redaction_proposal_declined': ({ who, s }) => `${who} declined the proposed redaction of ${file(s)}${parts(text(s, 'operation'))}${quoted(text(s, 'reason'))}`,
  'package.redaction_accepted': ({ who, s }) => `${who} accepted a proposed redaction; the automated checks run again${parts(turnOf(s))}`,
  'package.signed_off': ({ who, s }) => `${who} signed off the package${parts(projectRole(s) && `as ${projectRole(s)}`, turnOf(s))}`,
  'package.sign_off_withdrawn': ({ who, s }) => `${who} withdrew their sign-off${parts(turnOf(s))}`,
  'package.sign_offs_voided': ({ s }) =>
    `${num(s, 'count') === undefined ? 'The sign-offs were' : num(s, 'count') === 1 ? '1 sign-off was' : `${num(s, 'count')} sign-offs were`} voided${quoted(text(s, 'cause'))}`,

  // Bundle signing keys (issue 12, docs/bundles.md)
  'bundle_key.created': ({ who, s }) => `${who} created the bundle signing key${parts(text(s, 'fingerprint') && `fingerprint ${text(s, 'fingerprint')?.slice(0, 16)}…`)}`,
  'bundle_key.rotated': ({ who, s }) =>
    `${who} rotated the bundle signing key${parts(text(s, 'fingerprint') && `new fingerprint ${text(s, 'fingerprint')?.slice(0, 16)}…`, list(s, 'retired') && `${plural(list(s, 'retired')?.length ?? 0, 'earlier key')} retired`)}`,

  // Projects
  'project.created': ({ who, s }) =>
    `${who} created the project${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}${parts(num(s, 'environmentTier') !== undefined && `environment tier ${num(s, 'environmentTier')}`, text(s, 'questionSet') && `questions ${text(s, 'questionSet')}`)}`,
  'project.check_settings_changed': ({ who, s }) => `${who} changed the disclosure-check settings${checkSettingsChange(s)}`,
  'destination.registered': ({ who, s }) =>
    `${who} registered the destination${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}${parts(text(s, 'method')?.replaceAll('_', ' '), text(s, 'recipientKeyFingerprint') && `recipient key ${text(s, 'recipientKeyFingerprint')?.slice(0, 19)}…`)}`,
  'destination.retired': ({ who, s }) => `${who} retired the destination${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}`,
  'project.output_area_set': ({ who, s }) => (text(s, 'to') ? `${who} set the output area to ${text(s, 'to')}` : `${who} cleared the output area`),
  'project.closing_started': ({ who }) => `${who} started closing the project`,
  'project.resumed': ({ who }) => `${who} resumed the project`,
  'project.closed': ({ who }) => `${who} closed the project`,
  // Project closure (issue 14, docs/closure.md)
  'closure.inventory_requested': ({ who }) => `${who} asked for a new inventory of the output area`,
  'closure.inventory_refreshed': ({ s }) => `The output-area inventory was refreshed${parts(countOf(s, 'files', 'file'), countOf(s, 'hashed', 'file hashed'))}`,
  'closure.files_marked': ({ who, s }) => `${who} marked output-area files${parts(text(s, 'selection'))}${quoted(text(s, 'reason'))}`,
  'closure.item_waived': ({ who, s }) => `${who} waived a closure item${parts(text(s, 'code'))}${quoted(text(s, 'reason'))}`,
  'closure_report.stored': ({ s }) => `The closure report was stored${parts(text(s, 'pdfSha256') && `PDF sha256 ${text(s, 'pdfSha256')?.slice(0, 12)}…`)}`,
  'participant.added': ({ who, s }) => `${who} added ${text(s, 'email') ?? 'a person'} to the project${projectRole(s) ? ` as ${projectRole(s)}` : ''}`,
  'participant.removed': ({ who, s }) => `${who} removed ${withArticle(projectRole(s)?.toLowerCase() ?? 'participant')} from the project`,
  'dataset.added': ({ who, s }) => `${who} added the dataset${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}`,
  'work_package.created': ({ who, s }) => `${who} created the work package${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}${parts(labelOf(WORK_PACKAGE_KIND_LABELS, text(s, 'kind')))}`,
  'work_package.datasets_changed': ({ who, s }) => `${who} changed the work package’s datasets${parts(list(s, 'datasetIds') && plural((list(s, 'datasetIds') as unknown[]).length, 'dataset'))}`,

  // Classification (common/workflow/classification.workflow.ts)
  'opinion.submitted': ({ who, s }) => `${who} gave a classification opinion${parts(projectRole(s) && `as ${projectRole(s)}`, roundOf(s))}`,
  'opinion.revised': ({ who, s }) => `${who} revised their classification opinion${parts(projectRole(s) && `as ${projectRole(s)}`, roundOf(s))}`,
  'classification.opinion_confirmed': ({ who, s }) => `${who} confirmed their classification opinion still holds${parts(roundOf(s))}`,
  'referee.approved': ({ who, s }) => `${who} approved the referee${parts(roundOf(s))}`,
  'dispute.discussed': ({ who, s }) => `${who} recorded the dispute discussion${parts(roundOf(s), s.causeRecorded === true && 'with its cause')}`,
  'work_package.classification_started': () => 'Classification started: some opinions are still to come',
  'work_package.classified': ({ s }) =>
    `The work package was classified${tierOf(s) ? ` at ${tierOf(s)}` : ''}${parts(countOf(s, 'opinions', 'agreeing opinion'), num(s, 'policyVersion') !== undefined && `tier policy ${num(s, 'policyVersion')}`)}`,
  'work_package.disputed': () => 'The classifiers disagree: the classification is disputed',
  'work_package.classification_reset': () => 'No opinion counts any more: the work package is unclassified again',
  'work_package.dispute_resolved': ({ who, s }) => `${who} resolved the dispute by the highest-tier rule${tierOf(s) ? `: ${tierOf(s)} applies` : ''}`,
  'work_package.reopened': ({ who, s }) =>
    `${who} reopened the classification${parts(tierOf(s, 'previousTier') && `was ${tierOf(s, 'previousTier')}`, roundOf(s) && `now ${roundOf(s)}`)}${quoted(text(s, 'reason'))}`,

  // People, sessions, tokens and the haven's settings
  'user.created': ({ who, s }) => `${who} created the account${text(s, 'email') ? ` ${text(s, 'email')}` : ''}${parts(labelOf(SYSTEM_ROLE_LABELS, text(s, 'systemRole')))}`,
  'session.signed_in': ({ who }) => `${who} signed in`,
  'session.sign_in_failed': ({ who }) => `A sign-in as ${who} failed`,
  'session.signed_out': ({ who }) => `${who} signed out`,
  'session.password_accepted': ({ who }) => `${who} gave the right password; the second sign-in step is awaited`,
  'second_factor.enrolment_started': ({ who, s }) => `${who} started ${s.reenrolment === true ? 're-enrolling' : 'enrolling'} a second factor`,
  'second_factor.enrolled': ({ who }) => `${who} enrolled a second factor and received new recovery codes`,
  'user.second_factor_reset': ({ who, s }) => `${who} reset the second factor of${text(s, 'email') ? ` ${text(s, 'email')}` : ' an account'}`,
  'user.sessions_ended': ({ who, s }) => `${who} ended the sessions of${text(s, 'email') ? ` ${text(s, 'email')}` : ' an account'}${parts(text(s, 'reason')?.replaceAll('_', ' '))}`,
  'user.disabled': ({ who, s }) => `${who} disabled the account${text(s, 'email') ? ` ${text(s, 'email')}` : ''}`,
  'user.enabled': ({ who, s }) => `${who} enabled the account${text(s, 'email') ? ` ${text(s, 'email')}` : ''} again`,
  'user.password_reset': ({ who, s }) => `${who} reset the password of${text(s, 'email') ? ` ${text(s, 'email')}` : ' an account'}`,
  'sign_in.lock_lifted': ({ who, s }) => `${who} lifted the sign-in lock-out of ${text(s, 'email') ?? text(s, 'address') ?? 'an account'}`,
  'token.created': ({ who, s }) => `${who} created the API token${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}${parts(text(s, 'prefix'), scopesOf(s) && `may ${scopesOf(s)}`)}`,
  'token.revoked': ({ who, s }) =>
    `${who} revoked ${s.byOwner === true ? 'their' : s.byOwner === false ? 'another person’s' : 'the'} API token${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}${parts(text(s, 'prefix'))}`,
  'question_set.imported': ({ who, s }) =>
    `${who} imported the question set${text(s, 'name') ? ` “${text(s, 'name')}”` : ''}${parts(num(s, 'version') !== undefined && `version ${num(s, 'version')}`, countOf(s, 'questions', 'question'))}`,
  'tier_policy.published': ({ who, s }) =>
    `${who} published ${num(s, 'version') === undefined ? 'a new tier policy' : `tier policy ${num(s, 'version')}`}${parts(num(s, 'previousVersion') !== undefined && `replacing ${num(s, 'previousVersion')}`)}`,
} as const satisfies Record<string, Words>;

export type WordedAuditAction = keyof typeof AUDIT_WORDS;

/** "Ada Lovelace <ada@example.org> (token egr_ab12)" → "Ada Lovelace (token egr_ab12)"; the address is in the full label. */
export function actorName(label: string): string {
  const name = label.replace(/\s*<[^>]*>/, '').trim();
  return name === '' ? label.trim() || 'Someone' : name;
}

const isWorded = (action: string): action is WordedAuditAction => Object.hasOwn(AUDIT_WORDS, action);

/** "package.widget_frobbed" on package p1 → "Ada Lovelace — package: widget frobbed (package p1)". */
function genericSentence(event: AuditEventFacts, who: string): string {
  const [kind = '', ...rest] = event.action.split('.');
  const what = rest.length > 0 ? `${words(kind)}: ${words(rest.join('.'))}` : words(kind);
  const object = event.objectId ? ` (${words(event.objectType)} ${event.objectId})` : '';
  return `${who} — ${what}${object}`;
}

/** The event as one sentence in plain words; never its raw summary. */
export function describeAuditEvent(event: AuditEventFacts): string {
  const who = actorName(event.actorLabel);
  const sentence = isWorded(event.action) ? AUDIT_WORDS[event.action]({ who, s: event.summary }) : genericSentence(event, who);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** The summary for auditors under "Details": indented JSON, or null when there is nothing to show. */
export function summaryDetails(summary: Summary): string | null {
  return Object.keys(summary).length === 0 ? null : JSON.stringify(summary, null, 2);
}
