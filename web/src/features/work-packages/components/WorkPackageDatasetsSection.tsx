import { Button, Checkbox, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Dataset, WorkPackageDetail } from '../../../../../common/contracts';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { useProject } from '../../../lib/projects';
import { useSetDatasets } from '../../../lib/work-packages';

/**
 * The datasets this work package handles. Each dataset's data provider representative becomes a
 * required classifier, so the list decides who must give an opinion.
 */
export function WorkPackageDatasetsSection({ detail }: { detail: WorkPackageDetail }) {
  const wp = detail.workPackage;
  const project = useProject(wp.projectId);
  const [editing, setEditing] = useState(false);
  const datasets = project.data?.datasets ?? [];
  const chosen = datasets.filter((d) => wp.datasetIds.includes(d.id));
  const canEdit = detail.abilities.editDatasets === true;

  return (
    <Section
      title="Datasets"
      actions={
        canEdit &&
        !editing && (
          <Button size="xs" variant="light" onClick={() => setEditing(true)} disabled={project.isPending}>
            Edit datasets
          </Button>
        )
      }
    >
      {editing && wp.status !== 'unclassified' && (
        <Text size="sm" c="dimmed" mb="xs">
          While it is being classified, the work package keeps at least one dataset with a data provider representative.
        </Text>
      )}
      {editing ? (
        <DatasetsForm wpId={wp.id} version={wp.version} datasets={datasets} initial={wp.datasetIds} onDone={() => setEditing(false)} />
      ) : wp.datasetIds.length === 0 ? (
        <EmptyNote>No datasets chosen for this work package. It cannot be classified until it has a dataset with a data provider representative.</EmptyNote>
      ) : (
        <List size="sm" spacing={2}>
          {(chosen.length > 0 ? chosen : wp.datasetIds.map((id) => ({ id, name: id, providerName: '', representativeName: '' }))).map((d) => (
            <List.Item key={d.id}>
              {d.name}
              {d.providerName && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  · {d.providerName}, represented by {d.representativeName}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}

interface DatasetsFormProps {
  wpId: string;
  version: number;
  datasets: Dataset[];
  initial: string[];
  onDone: () => void;
}

function DatasetsForm({ wpId, version, datasets, initial, onDone }: DatasetsFormProps) {
  const save = useSetDatasets(wpId);
  const [selected, setSelected] = useState<string[]>(initial);
  return (
    <Stack gap="sm">
      <ErrorAlert ignoreConflicts error={save.error} title="Could not save the datasets" />
      {datasets.length === 0 ? (
        <EmptyNote>The project has no datasets yet.</EmptyNote>
      ) : (
        <Checkbox.Group label="Datasets used by this work package" value={selected} onChange={setSelected}>
          <Stack gap={6} mt={6}>
            {datasets.map((d) => (
              <Checkbox key={d.id} value={d.id} label={`${d.name} (${d.providerName})`} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button onClick={() => save.mutate({ datasetIds: selected, version }, { onSuccess: onDone })} loading={save.isPending} disabled={save.isPending}>
          Save datasets
        </Button>
      </Group>
    </Stack>
  );
}
