import { Anchor, Button, Modal, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { contentUrl, usePackageFile } from '../../../lib/packages';
import { formatBytes } from '../../../lib/package-format';
import { CheckBadge } from './CheckBadge';
import { VersionProvenanceLine } from '../../../components/redaction/RedactionProvenanceView';
import { useRedactionOperations, useVersionProvenance } from '../../../lib/redaction';
import { LinkManualRedactionForm } from './LinkManualRedactionForm';

/** Where a version came from; a source the page does not know yet is shown as the server names it. */
const SOURCE_LABELS: Partial<Record<string, string>> = { upload: 'Upload', output_area: 'Output area', redaction: 'Redaction' };

interface FileVersionsModalProps {
  packageId: string;
  fileId: string;
  path: string;
  onClose: () => void;
  onShowCheck: (version: number) => void;
}

/**
 * Every version of a file: where it came from (for a redacted version, its provenance: from which
 * version, by whom, how and why, with both hashes), its hash and size, and its check verdict. The
 * download is offered only where the server says the caller may read that version from here
 * (docs/design.md §5.2); otherwise a short line says why.
 */
export function FileVersionsModal({ packageId, fileId, path, onClose, onShowCheck }: FileVersionsModalProps) {
  const detail = usePackageFile(packageId, fileId);
  const current = detail.data?.current;
  // A current version added again after an earlier one may be a redaction done by hand: the author team may link it.
  const mayApply = useRedactionOperations(packageId, fileId).data?.abilities.apply === true;
  const linkable = current !== undefined && current.number > 1 && current.source !== 'redaction';
  const provenance = useVersionProvenance(packageId, fileId, current?.id ?? '', linkable && mayApply);
  const [linking, setLinking] = useState(false);
  return (
    <Modal opened onClose={onClose} title={`Versions of ${path}`} size="xl">
      <QueryState query={detail}>
        {(file) => (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" fz="sm" aria-label="Versions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Added</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Size</Table.Th>
                  <Table.Th>sha256</Table.Th>
                  <Table.Th>Check</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...file.versions]
                  .sort((a, b) => b.number - a.number)
                  .map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td>
                        v{v.number}
                        {v.number === file.current.number && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            (current)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v.createdAt)}</Table.Td>
                      <Table.Td>
                        {SOURCE_LABELS[v.source] ?? v.source}
                        {v.sourcePath && (
                          <Text size="xs" c="dimmed" ff="monospace">
                            {v.sourcePath}
                          </Text>
                        )}
                        {v.originAddress && (
                          <Text size="xs" c="dimmed">
                            from {v.originAddress}
                          </Text>
                        )}
                        {v.note && <Text size="xs">{v.note}</Text>}
                        {v.number > 1 && <VersionProvenanceLine packageId={packageId} fileId={fileId} versionId={v.id} />}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(v.bytes)}</Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace" title={v.sha256}>
                          {v.sha256.slice(0, 12)}…
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <CheckBadge check={v.check} path={`${path} v${v.number}`} onOpen={() => onShowCheck(v.number)} />
                      </Table.Td>
                      <Table.Td>
                        {v.canReadContent ? (
                          <Anchor href={contentUrl(packageId, fileId, v.number)} size="sm" download>
                            Download
                          </Anchor>
                        ) : (
                          <Text size="xs" c="dimmed" data-testid="content-locked">
                            {file.contentRefusal ?? 'Not readable from here'}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {linkable &&
        mayApply &&
        provenance.data?.provenance === null &&
        current !== undefined &&
        detail.data !== undefined &&
        (linking ? (
          <LinkManualRedactionForm
            packageId={packageId}
            fileId={fileId}
            current={current}
            earlier={detail.data.versions.filter((v) => v.number < current.number).sort((a, b) => b.number - a.number)}
            onDone={() => setLinking(false)}
          />
        ) : (
          <Button variant="light" mt="md" mr="sm" onClick={() => setLinking(true)}>
            Redacted by hand? Link v{current.number} to the version it replaces
          </Button>
        ))}
      <Button variant="default" mt="md" onClick={onClose}>
        Close
      </Button>
    </Modal>
  );
}
