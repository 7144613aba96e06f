import { Alert, Badge, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import type { PackageFile } from '../../../../../common/contracts/packages.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { type FileCheck, useFileCheck, useFileText, usePackageFile } from '../../../lib/packages';
import { PREVIEW_LIMIT_BYTES, countFindings, isTextualPreview, previewKind } from '../../../lib/findings-view';
import { VERDICT_COLORS, VERDICT_LABELS, formatBytes } from '../../../lib/package-format';
import { LoadedContentPreview } from '../../../components/package/ContentPreviews';
import { EarlierResults } from './EarlierResults';
import { EntryList } from '../../../components/package/EntryList';
import { FindingsTable } from '../../../components/package/FindingsTable';
import { ImageMetadata } from '../../../components/package/ImageMetadata';

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
