import { Alert, Anchor, Button, Group } from '@mantine/core';
import type { WorkPackageDetail } from '../../../../../common/contracts';
import { linkProps } from '../../../lib/navigation';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { TierBadge } from '../../../components/ui/TierBadge';
import { useWorkPackage } from '../../../lib/work-packages';
import { useQuestionSet } from '../../../lib/question-sets';
import { ClassificationWizard } from './ClassificationWizard';
import { paths } from '../../../lib/paths';

/** /work-packages/:wpId/classify — load the work package and its question set, then walk it. */
export function ClassifyPage({ wpId }: { wpId: string }) {
  const workPackage = useWorkPackage(wpId);
  return (
    <QueryState query={workPackage} rows={6}>
      {(detail) => <ClassifyView detail={detail} />}
    </QueryState>
  );
}

function ClassifyView({ detail }: { detail: WorkPackageDetail }) {
  const wp = detail.workPackage;
  const questionSet = useQuestionSet(wp.questionSetId);
  const wpPath = paths.workPackage(wp.id);
  const revising = detail.abilities.revise === true && detail.myOpinion !== null;
  const allowed = detail.abilities.classify === true || revising;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.home() },
          { label: detail.projectName, to: paths.project(wp.projectId) },
          { label: wp.name, to: wpPath },
        ]}
        title={revising ? `Revise my opinion: ${wp.name}` : `Classify: ${wp.name}`}
        badges={
          revising &&
          detail.myOpinion && (
            <>
              <span>My current opinion</span>
              <TierBadge tier={detail.myOpinion.tier} />
            </>
          )
        }
        description="Answer each question about everything handled, generated or combined in this work package. Nobody sees your answers until they have submitted their own."
      />
      {!allowed ? (
        <Alert color="yellow" title="You cannot classify this work package now">
          Only its classifiers can give an opinion, and only while the classification is open.
          <Group mt="sm">
            <Anchor {...linkProps(wpPath)}>Back to the work package</Anchor>
          </Group>
        </Alert>
      ) : (
        <QueryState query={questionSet} rows={5}>
          {(set) => (
            <ClassificationWizard
              set={set}
              wpId={wp.id}
              revisesOpinionId={revising ? detail.myOpinion?.id : undefined}
              findings={detail.findingsInView}
              cancel={
                <Button variant="subtle" color="gray" component="a" {...linkProps(wpPath)}>
                  Cancel
                </Button>
              }
            />
          )}
        </QueryState>
      )}
    </>
  );
}
