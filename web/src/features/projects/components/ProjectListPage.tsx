import { Anchor, Button, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { PROJECT_ROLE_LABELS } from '../../../../../common/vocab';
import { linkProps } from '../../../lib/navigation';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { PageHeader } from '../../../components/ui/PageHeader';
import { ProjectStatusBadge } from '../../../components/ui/ProjectStatusBadge';
import { QueryState } from '../../../components/ui/QueryState';
import { TierBadge } from '../../../components/ui/TierBadge';
import { formatDateTime } from '../../../lib/format';
import { useProjects } from '../../../lib/projects';
import { NewProjectModal } from './NewProjectModal';
import { paths } from '../../../lib/paths';

export function ProjectListPage() {
  const projects = useProjects();
  const [creating, setCreating] = useState(false);
  const canCreate = projects.data?.abilities.createProject === true;

  return (
    <>
      <PageHeader
        title="Projects"
        description="Each project is one secure environment, with its participants, datasets and work packages."
        actions={canCreate && <Button onClick={() => setCreating(true)}>New project</Button>}
      />
      <QueryState query={projects}>
        {({ projects: list }) =>
          list.length === 0 ? (
            <EmptyNote>You are not taking part in any project yet.</EmptyNote>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped highlightOnHover verticalSpacing="sm" aria-label="Projects">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Environment tier</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>My role</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((project) => (
                    <Table.Tr key={project.id}>
                      <Table.Td>
                        <Anchor fw={500} {...linkProps(paths.project(project.id))}>
                          {project.name}
                        </Anchor>
                        {project.description && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {project.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <TierBadge tier={project.environmentTier} />
                      </Table.Td>
                      <Table.Td>
                        <ProjectStatusBadge status={project.status} />
                      </Table.Td>
                      <Table.Td>{project.myRole ? PROJECT_ROLE_LABELS[project.myRole] : '—'}</Table.Td>
                      <Table.Td>{formatDateTime(project.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <NewProjectModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
