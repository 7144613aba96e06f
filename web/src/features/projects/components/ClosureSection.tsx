import { Button } from '@mantine/core';
import { useState } from 'react';
import type { ProjectDetail } from '../../../../../common/contracts';
import type { ClosureGap } from '../../../../../common/contracts/closure.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { formatDateTime } from '../../../lib/format';
import { useClosureChecklist, useRefreshInventory } from '../closure.api';
import { inventoryPending } from '../closure-view';
import { ClosureChecklistView } from './ClosureChecklistView';
import { ClosureReportPanel } from './ClosureReportPanel';
import { MarkFilesModal } from './MarkFilesModal';
import { WaiveGapModal } from './WaiveGapModal';

/** The project's closure checklist (docs/closure.md): what keeps it from closing, with marking and waivers. */
export function ClosureSection({ detail }: { detail: ProjectDetail }) {
  const projectId = detail.project.id;
  const query = useClosureChecklist(projectId);
  const refresh = useRefreshInventory(projectId);
  const [marking, setMarking] = useState<{ path?: string | undefined } | null>(null);
  const [waiving, setWaiving] = useState<ClosureGap | null>(null);
  const checklist = query.data;
  const actions = checklist && (
    <>
      {checklist.abilities.refreshInventory && checklist.inventory.outputArea !== null && (
        <Button size="xs" variant="default" loading={refresh.isPending || inventoryPending(checklist.inventory)} onClick={() => refresh.mutate(undefined)}>
          Refresh inventory
        </Button>
      )}
      {checklist.abilities.markFiles && checklist.files.total > 0 && (
        <Button size="xs" onClick={() => setMarking({})}>
          Mark files
        </Button>
      )}
    </>
  );
  return (
    <Section title="Closure" actions={actions}>
      <QueryState query={query} rows={3}>
        {(data) => (
          <>
            <ErrorAlert error={refresh.error} title="Could not refresh the inventory" />
            <ClosureReportPanel projectId={projectId} closed={detail.project.status === 'closed'} />
            <ClosureChecklistView checklist={data} formatTime={formatDateTime} onMark={(path) => setMarking({ path })} onWaive={setWaiving} />
            <MarkFilesModal projectId={projectId} opened={marking !== null} startPath={marking?.path} onClose={() => setMarking(null)} />
            <WaiveGapModal projectId={projectId} gap={waiving} onClose={() => setWaiving(null)} />
          </>
        )}
      </QueryState>
    </Section>
  );
}
