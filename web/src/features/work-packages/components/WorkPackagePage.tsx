import { Button, Grid, Stack, Text } from '@mantine/core';
import type { WorkPackageDetail } from '../../../../../common/contracts';
import { linkProps, navigate } from '../../../lib/navigation';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { TierBadge } from '../../../components/ui/TierBadge';
import { formatDateTime } from '../../../lib/format';
import { WORK_PACKAGE_KIND_LABELS } from '../../../../../common/vocab/statuses';
import { useCurrentSession } from '../../../lib/session';
import { useWorkPackage } from '../../../lib/work-packages';
import { ClassifiersSection } from './ClassifiersSection';
import { ConfirmationsSection } from './ConfirmationsSection';
import { WorkPackageDatasetsSection } from './WorkPackageDatasetsSection';
import { DisputeSection } from './DisputeSection';
import { OpinionsSection } from './OpinionsSection';
import { RefereeApprovals } from './RefereeApprovals';
import { ReopenSection } from './ReopenSection';
import { ConflictNotice } from './ConflictNotice';
import { TierPolicyCard } from './TierPolicyCard';
import { paths } from '../../../lib/paths';

export function WorkPackagePage({ wpId }: { wpId: string }) {
  const workPackage = useWorkPackage(wpId);
  return (
    <QueryState query={workPackage} rows={8}>
      {(detail) => <WorkPackageView detail={detail} />}
    </QueryState>
  );
}

function WorkPackageView({ detail }: { detail: WorkPackageDetail }) {
  const { user } = useCurrentSession();
  const wp = detail.workPackage;
  const { abilities } = detail;
  const showDiscussion = wp.status === 'disputed' || detail.discussion.length > 0;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.home() },
          { label: detail.projectName, to: paths.project(wp.projectId) },
        ]}
        title={wp.name}
        description={wp.description || undefined}
        badges={
          <>
            <StatusBadge status={wp.status} data-testid="wp-status" />
            <TierBadge tier={wp.tier} data-testid="wp-tier" />
            <Text size="sm" c="dimmed">
              {WORK_PACKAGE_KIND_LABELS[wp.kind]} · round {wp.round}
            </Text>
          </>
        }
        actions={
          <>
            {(abilities.classify || abilities.revise) && <Button onClick={() => navigate(paths.classify(wp.id))}>{abilities.revise ? 'Revise my opinion' : 'Classify'}</Button>}
            {/* Every egress work package holds one egress package, with the same id. */}
            {wp.kind !== 'ingress' && (
              <Button variant="light" component="a" {...linkProps(paths.package(wp.id))}>
                Open package
              </Button>
            )}
          </>
        }
      />
      <ConflictNotice wpId={wp.id} />
      <ConfirmationsSection detail={detail} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <ClassifiersSection detail={detail} />
            {abilities.approveReferee && detail.refereeApprovalRequired && <RefereeApprovals detail={detail} myUserId={user.id} />}
            <OpinionsSection detail={detail} />
            {showDiscussion && <DisputeSection detail={detail} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            {wp.status === 'classified' && wp.classifiedAt && (
              <Text size="sm" c="dimmed" data-testid="wp-resolution">
                Classified {formatDateTime(wp.classifiedAt)}
                {wp.resolution === 'agreement' && ' by agreement of the required classifiers.'}
                {wp.resolution === 'highest_tier' && ' by applying the highest tier proposed after a dispute.'}
              </Text>
            )}
            {wp.tier !== null && detail.policy && <TierPolicyCard policy={detail.policy} policyVersion={wp.policyVersion} />}
            <WorkPackageDatasetsSection detail={detail} />
            <ReopenSection detail={detail} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
