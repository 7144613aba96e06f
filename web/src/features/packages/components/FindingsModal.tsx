import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import type { PackageFile } from '../../../../../common/contracts/packages.contract';
import type { ScannedEntry } from '../../../../../common/contracts/scan.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { type FileCheck, useFileCheck, useFileText, usePackageFile } from '../api';
import { PREVIEW_LIMIT_BYTES, countFindings, isTextualPreview, previewKind } from '../findings-view';
import { SEVERITY_COLORS, SEVERITY_LABELS, VERDICT_COLORS, VERDICT_LABELS, formatBytes } from '../format';
import { LoadedContentPreview } from './ContentPreviews';
import { EarlierResults } from './EarlierResults';
import { EntryList } from './EntryList';
import { FindingsTable } from './FindingsTable';

interface FindingsModalProps {
  packageId: string;
  file: PackageFile;
  version: number;
  onClose: () => void;
}

/**
 * The automated check of one file version: its findings, placed on the content where possible,
 * and under them the earlier results re-checks set aside, when there are any. The findings
 * (rule, location, message) are always shown; the content beside them only where the server
 * says the caller may read this version from here (docs/design.md §5.2).
 */
export function FindingsModal({ packageId, file, version, onClose }: FindingsModalProps) {
  const check = useFileCheck(packageId, file.id, version);
  const detail = usePackageFile(packageId, file.id);
  const readable = version === file.current.number ? file.canReadContent : (detail.data?.versions.find((v) => v.number === version)?.canReadContent ?? false);
  const access = { readable, refusal: file.contentRefusal ?? 'This version cannot be read from here' };
  return (
    <Modal opened onClose={onClose} title={`Check results: ${file.path} v${version}`} size="90%">
      <QueryState query={check}>
        {(found) =>
          found ? (
            <CheckView packageId={packageId} fileId={file.id} version={version} check={found} access={access} />
          ) : (
            <EmptyNote>This version has not been checked yet. Checks run when the package is submitted.</EmptyNote>
          )
        }
      </QueryState>
      <Stack mt="md">
        <EarlierResults packageId={packageId} fileId={file.id} version={version} />
      </Stack>
      <Button variant="default" mt="md" onClick={onClose}>
        Close
      </Button>
    </Modal>
  );
}

interface ContentAccess {
  readable: boolean;
  /** Why the content is not shown, from the server's answer. */
  refusal: string;
}

function CheckView({ packageId, fileId, version, check, access }: { packageId: string; fileId: string; version: number; check: FileCheck; access: ContentAccess }) {
  const { result } = check;
  const kind = previewKind(result.path, result.mediaType, result.bytes);
  const wantsText = isTextualPreview(kind);
  const content = useFileText(packageId, fileId, version, access.readable && wantsText && result.findings.length > 0);
  return (
    <Stack gap="md" data-testid="findings-panel">
      <Group gap="xs">
        <Badge color={VERDICT_COLORS[result.verdict]} variant="filled" data-verdict={result.verdict}>
          {VERDICT_LABELS[result.verdict]}
        </Badge>
        <Text size="sm">
          {countFindings(result)} {countFindings(result) === 1 ? 'finding' : 'findings'} · {result.mediaType} · {formatBytes(result.bytes)}
        </Text>
        <Text size="xs" c="dimmed">
          Checked {formatDateTime(check.checkedAt)} with preset {check.preset}, version {check.toolVersion}
        </Text>
      </Group>
      {result.status !== 'checked' && (
        <Alert color="orange" title={result.status === 'unreadable' ? 'The file could not be read' : 'The file was not checked'}>
          {result.reason ?? 'A reviewer must look at it by hand.'}
        </Alert>
      )}
      <FindingsTable findings={result.findings} label="Findings" empty={result.entries.length > 0 ? 'No findings on the file itself; see the entries inside.' : undefined} />
      {result.findings.length > 0 && wantsText && (
        <Stack gap={6}>
          <Title order={3} size="h5">
            Where in the file
          </Title>
          {!access.readable ? (
            <Text size="sm" c="dimmed" data-testid="content-locked">
              The content is not shown: {access.refusal.charAt(0).toLowerCase() + access.refusal.slice(1)}. Use the locations above.
            </Text>
          ) : (
            <LoadedContentPreview content={content} kind={kind} findings={result.findings} />
          )}
        </Stack>
      )}
      {result.findings.length > 0 && kind === 'none' && result.bytes > PREVIEW_LIMIT_BYTES && (
        <Text size="xs" c="dimmed">
          The file is larger than {formatBytes(PREVIEW_LIMIT_BYTES)}, so its content is not shown here; use the locations above.
        </Text>
      )}
      {kind === 'image' && <ImageMetadata entry={result} />}
      {result.entries.length > 0 && (
        <Stack gap={6}>
          <Title order={3} size="h5">
            Entries inside
          </Title>
          <EntryList entries={result.entries} />
        </Stack>
      )}
    </Stack>
  );
}

/** An image's metadata findings (EXIF, XMP, IPTC, comments) as a table of part and field. */
export function ImageMetadata({ entry }: { entry: ScannedEntry }) {
  const metadata = entry.findings.filter((f) => f.family === 'metadata' || f.location?.field !== undefined);
  return (
    <Stack gap={6}>
      <Title order={3} size="h5">
        Image metadata
      </Title>
      {metadata.length === 0 ? (
        <EmptyNote>No metadata findings: nothing identifying was found in the image's metadata.</EmptyNote>
      ) : (
        <Table fz="sm" verticalSpacing={4} aria-label="Image metadata" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Block</Table.Th>
              <Table.Th>Field</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>What was found</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {metadata.map((f, i) => (
              <Table.Tr key={i}>
                <Table.Td>{f.location?.part ?? '—'}</Table.Td>
                <Table.Td ff="monospace">{f.location?.field ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge size="sm" color={SEVERITY_COLORS[f.severity]} variant="light">
                    {SEVERITY_LABELS[f.severity]}
                  </Badge>
                </Table.Td>
                <Table.Td>{f.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
