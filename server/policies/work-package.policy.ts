/**
 * Who may do what on a work package's classification.
 *
 * Classifiers are the project's investigators and referees and the representatives (DPRs) of
 * the datasets the work package uses. Rows: action; columns: who and in which status.
 *
 * Every action except `view` is refused once the project is closed.
 *
 * | action | who | status |
 * |---|---|---|
 * | view | anyone who can see the project | any |
 * | classify | a classifier without a current opinion | not classified; project not closed; a dataset with a DPR |
 * | revise | a classifier with a current opinion | not classified; project not closed; a dataset with a DPR |
 * | approveReferee | a DPR of one of the work package's datasets | not classified |
 * | discuss | a classifier | disputed |
 * | resolveDispute | a classifier, after a discussion entry that records the cause | disputed |
 * | reopen | an investigator, a DPR of the work package, or a programme manager | classified; its package not releasing, released or revoked |
 * | confirmOpinion | a classifier with a current opinion given (or last confirmed) before a newer output file version | classified |
 * | editDatasets | an investigator, the project manager or a programme manager | unclassified or classifying |
 *
 * A work package without a dataset that has a data provider representative cannot be
 * classified (`work_package.no_datasets`): otherwise an investigator could drop every dataset
 * and classify it alone (issue 10 §2).
 *
 * Example: the DPR of a dataset not in this work package asks to classify →
 * refused with `classification.not_a_classifier`.
 */
import type { ProjectRole } from '../../common/vocab/roles';
import type { ClassificationStatus, ProjectStatus } from '../../common/vocab/statuses';
import { type Decision, type PolicyActor, type PolicyTable, abilitiesOf, all, allow, authorizeWith, deny } from './policy';
import { canSeeProject } from './project.policy';

export interface WorkPackageSubject {
  actor: PolicyActor;
  role: ProjectRole | null;
  projectStatus: ProjectStatus;
  status: ClassificationStatus;
  /** Investigator, referee, or DPR of a dataset in this work package. */
  isClassifier: boolean;
  isDprOfWorkPackage: boolean;
  hasCurrentOpinion: boolean;
  /** A discussion entry in the current round records what caused the difference. */
  causeRecorded: boolean;
  /** At least one of its datasets has an active data provider representative. */
  hasRepresentedDataset: boolean;
  /** Its egress package is releasing, released or revoked: the release relied on this classification. */
  packageReleased: boolean;
  /** The actor's counted opinion predates the newest output file version and is not confirmed since. */
  mustConfirm: boolean;
}

export const WORK_PACKAGE_ACTIONS = ['view', 'classify', 'revise', 'approveReferee', 'discuss', 'resolveDispute', 'reopen', 'editDatasets', 'confirmOpinion'] as const;
export type WorkPackageAction = (typeof WORK_PACKAGE_ACTIONS)[number];

// Someone who cannot see the project gets the same answer as for an id that does not exist.
const see = (s: WorkPackageSubject): Decision => (canSeeProject({ actor: s.actor, role: s.role, status: s.projectStatus }).ok ? allow : deny('No such work package', 'work_package.not_found'));
// Classification goes on while a project is closing (its egress is classified then); a closed project is frozen.
const active = (s: WorkPackageSubject): Decision => (s.projectStatus !== 'closed' ? allow : deny('The project is closed; classification is over', 'project.closed'));
const classifier = (s: WorkPackageSubject): Decision =>
  s.isClassifier ? allow : deny('Only the investigators, the referees and the representatives of the datasets this work package uses classify it', 'classification.not_a_classifier');
const notClassified = (s: WorkPackageSubject): Decision => (s.status !== 'classified' ? allow : deny('The work package is already classified; reopen it first', 'work_package.classified'));
const disputed = (s: WorkPackageSubject): Decision => (s.status === 'disputed' ? allow : deny('The work package is not disputed', 'work_package.not_disputed'));
const represented = (s: WorkPackageSubject): Decision =>
  s.hasRepresentedDataset ? allow : deny('This work package has no dataset with a data provider representative; add its datasets before classifying it', 'work_package.no_datasets');
const haven = (s: WorkPackageSubject) => s.actor.systemRole === 'system' || s.actor.systemRole === 'programme_manager';

export const workPackagePolicy: PolicyTable<WorkPackageAction, WorkPackageSubject> = {
  view: see,
  classify: (s) =>
    all(
      () => see(s),
      () => classifier(s),
      () => notClassified(s),
      () => active(s),
      () => represented(s),
      () => (s.hasCurrentOpinion ? deny('You have already classified this work package; revise your opinion instead', 'classification.opinion_exists') : allow),
    ),
  revise: (s) =>
    all(
      () => see(s),
      () => classifier(s),
      () => notClassified(s),
      () => active(s),
      () => represented(s),
      () => (s.hasCurrentOpinion ? allow : deny('You have no opinion to revise yet', 'classification.no_opinion')),
    ),
  approveReferee: (s) =>
    all(
      () => see(s),
      () => (s.isDprOfWorkPackage ? allow : deny('Only a representative of a dataset in this work package approves referees')),
      () => notClassified(s),
      () => active(s),
    ),
  discuss: (s) =>
    all(
      () => see(s),
      () => classifier(s),
      () => disputed(s),
      () => active(s),
    ),
  resolveDispute: (s) =>
    all(
      () => see(s),
      () => classifier(s),
      () => disputed(s),
      () => active(s),
      () => (s.causeRecorded ? allow : deny('Record the discussion, including what caused the difference, before applying the highest tier', 'classification.discussion_required')),
    ),
  reopen: (s) =>
    all(
      () => see(s),
      () => (haven(s) || s.role === 'investigator' || s.isDprOfWorkPackage ? allow : deny('Only an investigator, a representative of its datasets or a programme manager can reopen a classification')),
      () => (s.status === 'classified' ? allow : deny('Only a classified work package can be reopened', 'work_package.not_classified')),
      () => (s.packageReleased ? deny('Its package is being released or was released under this classification, which can no longer be reopened', 'work_package.package_released') : allow),
      () => active(s),
    ),
  editDatasets: (s) =>
    all(
      () => see(s),
      () =>
        haven(s) || s.role === 'investigator' || s.role === 'project_manager'
          ? allow
          : deny('Only an investigator, the project manager or a programme manager can change the datasets of a work package'),
      () =>
        s.status === 'unclassified' || s.status === 'classifying'
          ? allow
          : deny(
              s.status === 'disputed' ? 'The datasets of a disputed work package cannot change: resolve the dispute first' : 'The work package is already classified; reopen it first',
              s.status === 'disputed' ? 'work_package.disputed' : 'work_package.classified',
            ),
      () => active(s),
    ),
  confirmOpinion: (s) =>
    all(
      () => see(s),
      () => classifier(s),
      () => (s.status === 'classified' ? allow : deny('Only the opinions of a classified work package are confirmed; revise yours instead', 'work_package.not_classified')),
      () => active(s),
      () => (s.hasCurrentOpinion ? allow : deny('You have no opinion in this round to confirm', 'classification.no_opinion')),
      () => (s.mustConfirm ? allow : deny('Your opinion needs no confirmation: no output file has changed since you gave or last confirmed it', 'classification.nothing_to_confirm')),
    ),
};

export const authorizeWorkPackage = (action: WorkPackageAction, s: WorkPackageSubject) => authorizeWith(workPackagePolicy, action, s);
export const workPackageAbilities = (s: WorkPackageSubject) => abilitiesOf(workPackagePolicy, s);
