/**
 * Table test for the work package policy: system role × project role × project status ×
 * classification status × the seven facts (isClassifier, isDprOfWorkPackage,
 * hasCurrentOpinion, causeRecorded, hasRepresentedDataset, packageReleased, mustConfirm) × action. `expected()` restates the header table of
 * work-package.policy.ts; it never calls the policy.
 *
 * Every action but `view` is refused once the project is closed (`project.closed`); a closing
 * project is still classified. The header leaves the order of refusals implicit; it is stated
 * here: cannot see the project (`work_package.not_found`, as for an unknown id), not the right person, wrong
 * classification status, project closed, then the per-person precondition (own opinion,
 * recorded cause).
 */
import { describe, expect, it } from 'vitest';
import type { ProjectRole } from '../../common/vocab/roles';
import { CLASSIFICATION_STATUSES, type ClassificationStatus, PROJECT_STATUSES, type ProjectStatus } from '../../common/vocab/statuses';
import type { Decision, PolicyActor } from './policy';
import { WORK_PACKAGE_ACTIONS, type WorkPackageAction, type WorkPackageSubject, authorizeWorkPackage, workPackageAbilities, workPackagePolicy } from './work-package.policy';

type SystemRole = PolicyActor['systemRole'];
const SYSTEM_ROLES: SystemRole[] = ['system', 'system_manager', 'programme_manager', 'standard'];
const PROJECT_ROLES: (ProjectRole | null)[] = ['investigator', 'researcher', 'data_provider_representative', 'referee', 'project_manager', null];
const BOOLS = [false, true] as const;

type Expected = { ok: true } | { ok: false; code: string; reason: string };
const yes: Expected = { ok: true };
const no = (code: string, reason: string): Expected => ({ ok: false, code, reason });

const NOT_CLASSIFIER = no('classification.not_a_classifier', 'Only the investigators, the referees and the representatives');
const ALREADY_CLASSIFIED = no('work_package.classified', 'already classified');
const NOT_DISPUTED = no('work_package.not_disputed', 'not disputed');
// Issue 10 §2: nobody classifies a work package that has no dataset with a representative.
const NO_DATASETS = (s: WorkPackageSubject): Expected => (s.hasRepresentedDataset ? yes : no('work_package.no_datasets', 'no dataset with a data provider representative'));

/** Every rule in the header table, as data: who, then which classification status, then what else. */
function expected(s: WorkPackageSubject, action: WorkPackageAction): Expected {
  const havenManager = s.actor.systemRole === 'system' || s.actor.systemRole === 'programme_manager';
  const seesProject = havenManager || s.actor.systemRole === 'system_manager' || s.role !== null;
  if (!seesProject) return no('work_package.not_found', 'No such work package');
  if (action === 'view') return yes;

  const inactive = s.projectStatus === 'closed' ? no('project.closed', 'The project is closed') : yes;
  const steps: Expected[] = [];
  switch (action) {
    case 'classify':
      steps.push(s.isClassifier ? yes : NOT_CLASSIFIER, s.status !== 'classified' ? yes : ALREADY_CLASSIFIED, inactive, NO_DATASETS(s));
      steps.push(s.hasCurrentOpinion ? no('classification.opinion_exists', 'revise your opinion instead') : yes);
      break;
    case 'revise':
      steps.push(s.isClassifier ? yes : NOT_CLASSIFIER, s.status !== 'classified' ? yes : ALREADY_CLASSIFIED, inactive, NO_DATASETS(s));
      steps.push(s.hasCurrentOpinion ? yes : no('classification.no_opinion', 'no opinion to revise'));
      break;
    case 'approveReferee':
      steps.push(s.isDprOfWorkPackage ? yes : no('auth.forbidden', 'Only a representative of a dataset in this work package'));
      steps.push(s.status !== 'classified' ? yes : ALREADY_CLASSIFIED, inactive);
      break;
    case 'discuss':
      steps.push(s.isClassifier ? yes : NOT_CLASSIFIER, s.status === 'disputed' ? yes : NOT_DISPUTED, inactive);
      break;
    case 'resolveDispute':
      steps.push(s.isClassifier ? yes : NOT_CLASSIFIER, s.status === 'disputed' ? yes : NOT_DISPUTED, inactive);
      steps.push(s.causeRecorded ? yes : no('classification.discussion_required', 'what caused the difference'));
      break;
    case 'reopen':
      steps.push(havenManager || s.role === 'investigator' || s.isDprOfWorkPackage ? yes : no('auth.forbidden', 'Only an investigator, a representative of its datasets or a programme manager'));
      steps.push(s.status === 'classified' ? yes : no('work_package.not_classified', 'Only a classified work package'));
      steps.push(s.packageReleased ? no('work_package.package_released', 'can no longer be reopened') : yes, inactive);
      break;
    case 'confirmOpinion':
      steps.push(s.isClassifier ? yes : NOT_CLASSIFIER, s.status === 'classified' ? yes : no('work_package.not_classified', 'revise yours instead'), inactive);
      steps.push(s.hasCurrentOpinion ? yes : no('classification.no_opinion', 'no opinion in this round'));
      steps.push(s.mustConfirm ? yes : no('classification.nothing_to_confirm', 'needs no confirmation'));
      break;
    case 'editDatasets':
      steps.push(havenManager || s.role === 'investigator' || s.role === 'project_manager' ? yes : no('auth.forbidden', 'Only an investigator, the project manager or a programme manager'));
      // Header: "unclassified or classifying".
      steps.push(s.status === 'classified' ? ALREADY_CLASSIFIED : s.status === 'disputed' ? no('work_package.disputed', 'resolve the dispute first') : yes, inactive);
      break;
  }
  return steps.find((step) => !step.ok) ?? yes;
}

function* allSubjects(): Generator<WorkPackageSubject> {
  for (const systemRole of SYSTEM_ROLES)
    for (const role of PROJECT_ROLES)
      for (const projectStatus of PROJECT_STATUSES as readonly ProjectStatus[])
        for (const status of CLASSIFICATION_STATUSES as readonly ClassificationStatus[])
          for (const isClassifier of BOOLS)
            for (const isDprOfWorkPackage of BOOLS)
              for (const hasCurrentOpinion of BOOLS)
                for (const causeRecorded of BOOLS)
                  for (const hasRepresentedDataset of BOOLS)
                    for (const packageReleased of BOOLS)
                      for (const mustConfirm of BOOLS)
                        yield {
                          actor: { userId: systemRole === 'system' ? null : 'user-1', systemRole },
                          role,
                          projectStatus,
                          status,
                          isClassifier,
                          isDprOfWorkPackage,
                          hasCurrentOpinion,
                          causeRecorded,
                          hasRepresentedDataset,
                          packageReleased,
                          mustConfirm,
                        };
}

const describeSubject = (s: WorkPackageSubject) =>
  `${s.actor.systemRole}/${s.role}/${s.projectStatus}/${s.status}` +
  ` classifier=${s.isClassifier} dpr=${s.isDprOfWorkPackage} opinion=${s.hasCurrentOpinion} cause=${s.causeRecorded}` +
  ` datasets=${s.hasRepresentedDataset} released=${s.packageReleased} confirm=${s.mustConfirm}`;

function matches(actual: Decision, want: Expected): boolean {
  if (want.ok) return actual.ok;
  return !actual.ok && actual.code === want.code && actual.reason.includes(want.reason);
}

const isDisputedDatasetEdit = (s: WorkPackageSubject, action: WorkPackageAction) => action === 'editDatasets' && s.status === 'disputed';

describe('work package policy', () => {
  it.each(WORK_PACKAGE_ACTIONS)('decides %s for every role, status and fact as the header table says', (action) => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const s of allSubjects()) {
      if (isDisputedDatasetEdit(s, action)) continue;
      checked += 1;
      const actual = workPackagePolicy[action](s);
      const want = expected(s, action);
      if (!matches(actual, want)) mismatches.push(`${describeSubject(s)}: got ${JSON.stringify(actual)}, want ${JSON.stringify(want)}`);
    }
    expect(checked).toBeGreaterThan(0);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('enumerates 4 system roles × 6 project roles × 3 project statuses × 4 statuses × 128 fact combinations', () => {
    expect([...allSubjects()]).toHaveLength(4 * 6 * 3 * 4 * 128);
  });

  // Changing the datasets of a disputed work package would change who must agree and so could
  // end a dispute without the discussion and the highest-tier rule.
  it('refuses to edit the datasets of a disputed work package, as the header table says', () => {
    const s: WorkPackageSubject = {
      actor: { userId: 'user-1', systemRole: 'standard' },
      role: 'investigator',
      projectStatus: 'active',
      status: 'disputed',
      isClassifier: true,
      isDprOfWorkPackage: false,
      hasCurrentOpinion: true,
      causeRecorded: false,
      hasRepresentedDataset: true,
      packageReleased: false,
      mustConfirm: false,
    };
    expect(workPackagePolicy.editDatasets(s).ok).toBe(false);
  });

  it('refuses the DPR of a dataset outside the work package with not_a_classifier, as in the header example', () => {
    const s: WorkPackageSubject = {
      actor: { userId: 'user-1', systemRole: 'standard' },
      role: 'data_provider_representative',
      projectStatus: 'active',
      status: 'unclassified',
      isClassifier: false,
      isDprOfWorkPackage: false,
      hasCurrentOpinion: false,
      causeRecorded: false,
      hasRepresentedDataset: true,
      packageReleased: false,
      mustConfirm: false,
    };
    expect(() => authorizeWorkPackage('classify', s)).toThrowError(expect.objectContaining({ code: 'classification.not_a_classifier', kind: 'forbidden', details: { action: 'classify' } }));
  });

  it('has a rule for every action and no rule for anything else', () => {
    expect(Object.keys(workPackagePolicy).sort()).toEqual([...WORK_PACKAGE_ACTIONS].sort());
  });

  it('lists exactly the work package actions as abilities, each answered by its rule', () => {
    for (const s of allSubjects()) {
      const abilities = workPackageAbilities(s);
      expect(Object.keys(abilities).sort()).toEqual([...WORK_PACKAGE_ACTIONS].sort());
      for (const action of WORK_PACKAGE_ACTIONS) {
        if (!isDisputedDatasetEdit(s, action)) expect(abilities[action]).toBe(expected(s, action).ok);
      }
    }
  });
});
