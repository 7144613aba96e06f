import { Button, Group, Stack, Text } from '@mantine/core';
import { linkProps } from '../../../lib/navigation';
import { PageHeader } from '../../../components/ui/PageHeader';
import { ProjectStatusBadge } from '../../../components/ui/ProjectStatusBadge';
import { QueryState } from '../../../components/ui/QueryState';
import { TierBadge } from '../../../components/ui/TierBadge';
import { useProject } from '../../../lib/projects';
import { ClosureSection } from './ClosureSection';
import { CheckSettingsSection } from './CheckSettingsSection';
import { DatasetsSection } from './DatasetsSection';
import { DestinationsSection } from './DestinationsSection';
import { ParticipantsSection } from './ParticipantsSection';
import { ProjectStatusControl } from './ProjectStatusControl';
import { WorkPackagesSection } from './WorkPackagesSection';
import { paths } from '../../../lib/paths';

export function ProjectPage({ projectId }: { projectId: string }) {
  const project = useProject(projectId);

  return (
    <QueryState query={project} rows={8}>
      {(detail) => (
        <>
          <PageHeader
            crumbs={[{ label: 'Projects', to: paths.home() }]}
            title={detail.project.name}
            description={detail.project.description || undefined}
            badges={
              <>
                <Text size="sm" c="dimmed">
                  Environment
                </Text>
                <TierBadge tier={detail.project.environmentTier} data-testid="project-environment-tier" />
                <ProjectStatusBadge status={detail.project.status} data-testid="project-status" />
                <Text size="sm" c="dimmed">
                  Question set: {detail.project.questionSetName}
                </Text>
              </>
            }
            actions={
              <>
                <ProjectStatusControl detail={detail} />
                {detail.abilities.viewAudit && (
                  <Button variant="default" component="a" {...linkProps(paths.projectAudit(projectId))}>
                    Audit trail
                  </Button>
                )}
              </>
            }
          />
          <Stack gap="lg">
            <WorkPackagesSection detail={detail} />
            <Group align="flex-start" grow wrap="wrap" gap="lg">
              <ParticipantsSection detail={detail} />
              <DatasetsSection detail={detail} />
            </Group>
            <CheckSettingsSection detail={detail} />
            <DestinationsSection detail={detail} />
            {detail.project.status !== 'active' && <ClosureSection detail={detail} />}
          </Stack>
        </>
      )}
    </QueryState>
  );
}
