import { ActionIcon, Anchor, Badge, Button, Group, Menu, Modal, NativeSelect, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { Package, PackageFile } from '../../../../../common/contracts/packages.contract';
import { FILE_CATEGORIES, FILE_ROLES, type FileCategory, type FileRole } from '../../../../../common/vocab/statuses';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { RedactModal } from '../../../components/redaction/RedactModal';
import { commitKind } from '../../../lib/redaction-view';
import { useRedactionOperations } from '../../../lib/redaction';
import { useChangeFile, useDeleteFile, usePackageFiles, useReinstateFile } from '../../../lib/packages';
import { CATEGORY_LABELS, ROLE_LABELS, formatBytes } from '../../../lib/package-format';
import { CheckBadge } from './CheckBadge';
import { FileVersionsModal } from './FileVersionsModal';
import { FindingsModal } from './FindingsModal';
import { RemoveFileModal } from './RemoveFileModal';

const CATEGORY_OPTIONS = FILE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));
const ROLE_OPTIONS = FILE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

type Dialog = { kind: 'versions' | 'findings' | 'remove' | 'delete' | 'redact'; file: PackageFile; version?: number };

/** The package's files, 100 at a time, with their role, category, size and check verdict. */
export function FilesSection({ pkg }: { pkg: Package }) {
  const files = usePackageFiles(pkg.id);
  const change = useChangeFile(pkg.id);
  const reinstate = useReinstateFile(pkg.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canEdit = pkg.abilities.edit === true;
  const list = files.data?.pages.flatMap((page) => page.files) ?? [];
  const total = files.data?.pages.at(-1)?.total ?? pkg.totals.files;

  return (
    <Section title="Files">
      <Text size="sm" c="dimmed">
        {pkg.totals.files} {pkg.totals.files === 1 ? 'file' : 'files'}, {formatBytes(pkg.totals.bytes)}: {pkg.totals.outputs} to release, {pkg.totals.removed} removed temporarily. Supporting files
        give reviewers context and are never released.
      </Text>
      {pkg.totals.files > 0 && pkg.abilities.readOutputs === false && (
        <Text size="sm" c="orange.8" data-testid="content-confined">
          You cannot read these files’ content from here: before release, content is readable only from inside the secure environment, or by the package’s reviewers. Findings stay visible.
        </Text>
      )}
      <ErrorAlert error={change.error ?? reinstate.error} title="The file did not change" />
      {files.isPending ? (
        <Text size="sm" c="dimmed">
          Loading files…
        </Text>
      ) : files.isError && list.length === 0 ? (
        <ErrorAlert error={files.error} onRetry={() => void files.refetch()} />
      ) : list.length === 0 ? (
        <EmptyNote>No files yet.{canEdit ? ' Upload files or add them from the output area.' : ''}</EmptyNote>
      ) : (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" fz="sm" aria-label="Files" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Path</Table.Th>
                  <Table.Th>Category</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Size</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Check</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((file) => (
                  <Table.Tr key={file.id} data-testid="file-row" data-path={file.path} data-role={file.role} data-removed={file.removed} opacity={file.removed ? 0.6 : 1}>
                    <Table.Td style={{ wordBreak: 'break-all' }} maw={320}>
                      <Text size="sm" ff="monospace">
                        {file.path}
                      </Text>
                      {file.removed && (
                        <Badge size="xs" color="orange" variant="light">
                          Removed temporarily
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {canEdit ? (
                        <NativeSelect
                          size="xs"
                          aria-label={`Category of ${file.path}`}
                          data={CATEGORY_OPTIONS}
                          value={file.category}
                          disabled={change.isPending}
                          onChange={(e) => change.mutate({ fileId: file.id, category: e.currentTarget.value as FileCategory, version: file.version })}
                        />
                      ) : (
                        CATEGORY_LABELS[file.category]
                      )}
                    </Table.Td>
                    <Table.Td>
                      {canEdit ? (
                        <NativeSelect
                          size="xs"
                          aria-label={`Role of ${file.path}`}
                          data={ROLE_OPTIONS}
                          value={file.role}
                          disabled={change.isPending}
                          onChange={(e) => change.mutate({ fileId: file.id, role: e.currentTarget.value as FileRole, version: file.version })}
                        />
                      ) : (
                        ROLE_LABELS[file.role]
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Anchor component="button" type="button" size="sm" onClick={() => setDialog({ kind: 'versions', file })} aria-label={`Versions of ${file.path}`}>
                        v{file.current.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} title={`${file.current.bytes} bytes`}>
                      {formatBytes(file.current.bytes)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {file.current.mediaType}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <CheckBadge check={file.current.check} onOpen={() => setDialog({ kind: 'findings', file })} path={file.path} />
                    </Table.Td>
                    <Table.Td>
                      <FileMenu
                        packageId={pkg.id}
                        file={file}
                        canEdit={canEdit}
                        busy={reinstate.isPending}
                        onOpen={(kind) => setDialog({ kind, file })}
                        onReinstate={() => reinstate.mutate({ fileId: file.id, version: file.version })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ErrorAlert error={files.isFetchNextPageError ? files.error : null} title="Could not load more files" />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Showing {list.length} of {total}
            </Text>
            {files.hasNextPage && (
              <Button variant="default" size="xs" onClick={() => void files.fetchNextPage()} loading={files.isFetchingNextPage} disabled={files.isFetchingNextPage}>
                Load more
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {dialog?.kind === 'versions' && (
        <FileVersionsModal
          packageId={pkg.id}
          fileId={dialog.file.id}
          path={dialog.file.path}
          onClose={() => setDialog(null)}
          onShowCheck={(version) => setDialog({ kind: 'findings', file: dialog.file, version })}
        />
      )}
      {dialog?.kind === 'findings' && <FindingsModal packageId={pkg.id} file={dialog.file} version={dialog.version ?? dialog.file.current.number} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'redact' && <RedactModal packageId={pkg.id} file={dialog.file} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'remove' && <RemoveFileModal packageId={pkg.id} file={dialog.file} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteFileModal packageId={pkg.id} file={dialog.file} onClose={() => setDialog(null)} />}
    </Section>
  );
}

interface FileMenuProps {
  packageId: string;
  file: PackageFile;
  canEdit: boolean;
  busy: boolean;
  onOpen: (kind: Dialog['kind']) => void;
  onReinstate: () => void;
}

function FileMenu({ packageId, file, canEdit, busy, onOpen, onReinstate }: FileMenuProps) {
  // What the caller may redact is the server's answer for this file: asked when the menu first opens.
  const [opened, setOpened] = useState(false);
  const redaction = useRedactionOperations(packageId, file.id, opened && !file.removed);
  const canRedact = redaction.data !== undefined && redaction.data.abilities.preview && commitKind(redaction.data.abilities) !== null;
  return (
    <Menu position="bottom-end" withinPortal onOpen={() => setOpened(true)}>
      <Menu.Target>
        <Tooltip label="More actions" openDelay={400}>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${file.path}`}>
            <Text fw={700} lh={1}>
              ⋯
            </Text>
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => onOpen('versions')}>Versions</Menu.Item>
        <Menu.Item onClick={() => onOpen('findings')}>Check results</Menu.Item>
        {canRedact && (
          <Menu.Item onClick={() => onOpen('redact')} data-testid="redact-file">
            {redaction.data?.abilities.apply ? 'Redact…' : 'Propose a redaction…'}
          </Menu.Item>
        )}
        {canEdit && (
          <>
            <Menu.Divider />
            {file.removed ? (
              <Menu.Item onClick={onReinstate} disabled={busy}>
                Reinstate
              </Menu.Item>
            ) : (
              <Menu.Item onClick={() => onOpen('remove')}>Remove temporarily</Menu.Item>
            )}
            <Menu.Item color="red" onClick={() => onOpen('delete')} disabled={file.removed}>
              Take out of the package
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function DeleteFileModal({ packageId, file, onClose }: { packageId: string; file: PackageFile; onClose: () => void }) {
  const remove = useDeleteFile(packageId);
  return (
    <Modal opened onClose={onClose} title="Take the file out of the package">
      <Stack>
        <Text size="sm">
          Take{' '}
          <Text span ff="monospace">
            {file.path}
          </Text>{' '}
          out of the package? Its versions stay in the history; it will not be reviewed or released.
        </Text>
        <ErrorAlert error={remove.error} title="The file was not taken out" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} disabled={remove.isPending} onClick={() => remove.mutate({ fileId: file.id, version: file.version }, { onSuccess: onClose })}>
            Take out
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
