/**
 * The centre of the workbench: one file version as a reviewer needs to see it. Tables with the
 * flagged cells highlighted and text with the flagged values masked (packages' ContentPreviews),
 * images with their metadata findings, documents' hidden content and metadata as a list, archive
 * entries with their own findings — and, when the caller may not read the bytes from where they
 * are, the server's reason instead of the content. The findings are always shown.
 */
import { Alert, Badge, Group, Image, Stack, Text, Title } from '@mantine/core';
import type { PackageFile } from '../../../../../common/contracts/packages.contract';
import type { Finding } from '../../../../../common/contracts/scan.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { type FileCheck, contentUrl, useFileCheck, useFileText } from '../../../lib/packages';
import { LoadedContentPreview } from '../../../components/package/ContentPreviews';
import { EntryList } from '../../../components/package/EntryList';
import { ImageMetadata } from '../../../components/package/ImageMetadata';
import { describeLocation } from '../../../components/package/FindingsTable';
import { PREVIEW_LIMIT_BYTES, countFindings, isTextualPreview, previewKind } from '../../../lib/findings-view';
import { FAMILY_LABELS, SEVERITY_COLORS, SEVERITY_LABELS, VERDICT_COLORS, VERDICT_LABELS, formatBytes } from '../../../lib/package-format';

/** Families a document hides things in: shown as the document's hidden-content list. */
const DOCUMENT_FAMILIES = new Set(['hidden-content', 'metadata']);

export function FileViewer({ packageId, file }: { packageId: string; file: PackageFile }) {
  const check = useFileCheck(packageId, file.id, file.current.number);
  return (
    <Stack gap="sm" data-testid="file-viewer" data-path={file.path}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Title order={2} size="h4" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {file.path}
        </Title>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          v{file.current.number} · {file.current.mediaType} · {formatBytes(file.current.bytes)}
        </Text>
      </Group>
      {!file.canReadContent && (
        <Alert color="gray" title="The content cannot be shown here" data-testid="content-refused">
          <Text size="sm">{file.contentRefusal ?? 'You may not read this file’s content from here.'} The findings below are still shown: rule, place and message, never a value.</Text>
        </Alert>
      )}
      <QueryState query={check}>{(found) => (found ? <CheckedContent packageId={packageId} file={file} check={found} /> : <EmptyNote>This version has not been checked yet.</EmptyNote>)}</QueryState>
    </Stack>
  );
}

function CheckedContent({ packageId, file, check }: { packageId: string; file: PackageFile; check: FileCheck }) {
  const { result } = check;
  const kind = previewKind(result.path, result.mediaType, result.bytes);
  const textual = isTextualPreview(kind);
  const content = useFileText(packageId, file.id, file.current.number, file.canReadContent && textual);
  const documentFindings = result.findings.filter((f) => DOCUMENT_FAMILIES.has(f.family));
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge color={VERDICT_COLORS[result.verdict]} variant="light" data-verdict={result.verdict}>
          {VERDICT_LABELS[result.verdict]}
        </Badge>
        <Text size="xs" c="dimmed">
          {countFindings(result)} {countFindings(result) === 1 ? 'finding' : 'findings'} · checked {formatDateTime(check.checkedAt)} with preset {check.preset}
        </Text>
      </Group>
      {result.status !== 'checked' && (
        <Alert color="orange" title={result.status === 'unreadable' ? 'The check could not read this file' : 'The file was not checked'}>
          {result.reason ?? 'Look at it by hand.'}
        </Alert>
      )}
      {textual && file.canReadContent && <LoadedContentPreview content={content} kind={kind} findings={result.findings} />}
      {kind === 'none' && result.bytes > PREVIEW_LIMIT_BYTES && (
        <Text size="xs" c="dimmed">
          The file is larger than {formatBytes(PREVIEW_LIMIT_BYTES)}, so its content is not shown here; use the findings’ places.
        </Text>
      )}
      {kind === 'image' && (
        <>
          {file.canReadContent && <Image src={contentUrl(packageId, file.id, file.current.number)} alt={`Content of ${file.path}`} mah={360} fit="contain" radius="sm" data-testid="image-preview" />}
          <ImageMetadata entry={result} />
        </>
      )}
      {kind === 'none' && <DocumentHiddenContent findings={documentFindings} />}
      <Stack gap={6}>
        <Title order={3} size="h5">
          All findings of this file
        </Title>
        <CompactFindings
          findings={result.findings}
          label={`Findings of ${file.path}`}
          empty={result.entries.length > 0 ? 'No findings on the file itself; see the entries inside.' : 'The checks found nothing.'}
        />
      </Stack>
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

/** A document's hidden content and metadata (tracked changes, comments, hidden sheets, authors…) as the checks found them. */
function DocumentHiddenContent({ findings }: { findings: Finding[] }) {
  return (
    <Stack gap={6} data-testid="hidden-content">
      <Title order={3} size="h5">
        Hidden content and metadata
      </Title>
      {findings.length === 0 ? (
        <EmptyNote>The checks found no hidden content or metadata in this document.</EmptyNote>
      ) : (
        <CompactFindings findings={findings} label="Hidden content and metadata" empty="" />
      )}
    </Stack>
  );
}

const ORDER = { block: 0, review: 1, info: 2 } as const;

/** Findings worst first, one line each (severity, family, place, message): narrow enough for the centre column. */
function CompactFindings({ findings, label, empty }: { findings: Finding[]; label: string; empty: string }) {
  if (findings.length === 0) return <EmptyNote>{empty}</EmptyNote>;
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label} data-testid="viewer-findings">
      {sorted.map((f, i) => (
        <Group component="li" key={i} gap={6} wrap="nowrap" align="flex-start" data-severity={f.severity}>
          <Badge size="xs" color={SEVERITY_COLORS[f.severity]} variant="light" style={{ flexShrink: 0 }}>
            {SEVERITY_LABELS[f.severity]}
          </Badge>
          <Text size="xs">
            <Text span size="xs" c="dimmed">
              {FAMILY_LABELS[f.family]}
              {describeLocation(f.location) && ` · ${describeLocation(f.location)}`} ·{' '}
            </Text>
            {f.message}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
