/**
 * Redaction in the workbench (issue 13): for the file shown, the button that opens the redaction
 * dialog — "Redact…" for the author team while the package is editable, "Propose a redaction…"
 * for a reviewer during review, as the server's abilities say — and the redactions proposed on
 * this file with their state (and, for the author team, accept or decline).
 */
import { Button, Stack, Text, Title } from '@mantine/core';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { RedactionProposalList } from '../../../components/redaction/RedactionProposalList';
import { useRedactionOperations, useRedactionProposals } from '../../../lib/redaction';
import { commitKind } from '../../../lib/redaction-view';

/** Whether the caller may redact the file now, and how ('apply' or 'propose'); null while unknown or not allowed. */
export function useRedactionOffer(packageId: string, fileId: string | null): 'apply' | 'propose' | null {
  const operations = useRedactionOperations(packageId, fileId ?? '', fileId !== null);
  const data = operations.data;
  if (!data || data.fileId !== fileId || !data.abilities.preview || data.operations.length === 0) return null;
  return commitKind(data.abilities);
}

export function FileRedaction({ pkg, fileId, onRedact }: { pkg: Package; fileId: string; onRedact: () => void }) {
  const offer = useRedactionOffer(pkg.id, fileId);
  const proposals = useRedactionProposals(pkg.id);
  const mine = (proposals.data?.proposals ?? []).filter((p) => p.fileId === fileId);
  if (offer === null && mine.length === 0) return null;
  return (
    <Stack gap={6} data-testid="file-redaction">
      <Title order={2} size="h5">
        Redaction
      </Title>
      {offer !== null && (
        <>
          <Text size="xs" c="dimmed">
            {offer === 'apply'
              ? 'Fix a finding with a built-in tool: preview the change, then apply it as a new version that is checked again.'
              : 'Propose a fix with a built-in tool: preview the change, then propose it; the authors accept or decline it.'}
          </Text>
          <Button size="xs" variant="light" onClick={onRedact} data-testid="redact-file">
            {offer === 'apply' ? 'Redact…' : 'Propose a redaction…'}
          </Button>
        </>
      )}
      {mine.length > 0 && proposals.data && <RedactionProposalList pkg={pkg} list={proposals.data} fileId={fileId} />}
    </Stack>
  );
}
