import { Box, Button, CloseButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { useCurrentSession } from '../../../lib/session';
import { useRefreshPackage } from '../../../lib/packages';
import { formatBytes } from '../../../lib/package-format';
import { HASH_LIMIT_BYTES, type UploadStatus } from '../upload-runner';
import { type PickedFile, type UploadItem, useUploads } from '../use-uploads';

const STATUS_WORDS: Record<UploadStatus, string> = {
  waiting: 'Waiting',
  hashing: 'Computing checksum…',
  uploading: 'Uploading',
  retrying: 'Connection lost; retrying…',
  offline: 'Offline; resumes when the connection is back',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Reads the files of a dropped folder (Chromium and Firefox expose folders as entries). */
async function filesFromEntry(entry: FileSystemEntry, prefix = ''): Promise<PickedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, path: `${prefix}${file.name}` }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches until it answers with none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((child) => filesFromEntry(child, `${prefix}${entry.name}/`)));
  return nested.flat();
}

async function droppedFiles(event: DragEvent): Promise<PickedFile[]> {
  const entries = Array.from(event.dataTransfer.items ?? [])
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length > 0) return (await Promise.all(entries.map((e) => filesFromEntry(e)))).flat();
  return Array.from(event.dataTransfer.files, (file) => ({ file, path: file.name }));
}

const picked = (event: ChangeEvent<HTMLInputElement>): PickedFile[] => Array.from(event.currentTarget.files ?? [], (file) => ({ file, path: file.webkitRelativePath || file.name }));

/** Drop zone and pickers for files and folders, and a progress bar per file being uploaded. */
export function UploadSection({ packageId }: { packageId: string }) {
  const session = useCurrentSession();
  const csrf = useRef(session.csrfToken);
  csrf.current = session.csrfToken;
  const refresh = useRefreshPackage(packageId);
  const uploads = useUploads(
    packageId,
    () => csrf.current,
    () => void refresh(),
  );
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const files = await droppedFiles(event);
    if (files.length > 0) uploads.add(files);
  };
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const files = picked(event);
    event.currentTarget.value = '';
    if (files.length > 0) uploads.add(files);
  };
  const finished = uploads.items.some((i) => i.status === 'done' || i.status === 'failed' || i.status === 'cancelled');

  return (
    <Stack gap="sm">
      <Box
        onDragOver={(e: DragEvent) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e: DragEvent) => void onDrop(e)}
        data-testid="upload-drop-zone"
        p="lg"
        style={{
          border: `2px dashed var(--mantine-color-${over ? 'indigo-5' : 'gray-4'})`,
          borderRadius: 8,
          background: over ? 'var(--mantine-color-indigo-0)' : 'var(--mantine-color-white)',
          textAlign: 'center',
        }}
      >
        <Stack gap={6} align="center">
          <Text fw={500}>Drop files or folders here</Text>
          <Text size="xs" c="dimmed">
            Uploads resume by themselves after a dropped connection. Files under {formatBytes(HASH_LIMIT_BYTES)} are checksummed in your browser first.
          </Text>
          <Group gap="xs">
            <Button size="xs" onClick={() => fileInput.current?.click()}>
              Choose files
            </Button>
            <Button size="xs" variant="default" onClick={() => folderInput.current?.click()}>
              Choose a folder
            </Button>
          </Group>
          <input ref={fileInput} type="file" multiple hidden onChange={onPick} aria-label="Files to upload" data-testid="upload-input" />
          <input ref={folderInput} type="file" multiple hidden onChange={onPick} aria-label="Folder to upload" {...({ webkitdirectory: '', directory: '' } as Record<string, string>)} />
        </Stack>
      </Box>
      {uploads.items.length > 0 && (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Uploads">
          {uploads.items.map((item) => (
            <UploadRow key={item.id} item={item} onResume={() => uploads.resume(item.id)} onCancel={() => uploads.cancel(item.id)} />
          ))}
        </Stack>
      )}
      {finished && (
        <Group justify="flex-end">
          <Button size="xs" variant="subtle" onClick={uploads.clearFinished}>
            Clear finished
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function UploadRow({ item, onResume, onCancel }: { item: UploadItem; onResume: () => void; onCancel: () => void }) {
  const percent = item.bytes === 0 ? (item.status === 'done' ? 100 : 0) : Math.min(100, Math.round((item.sent / item.bytes) * 100));
  const color =
    item.status === 'done' ? 'teal' : item.status === 'failed' ? 'red' : item.status === 'cancelled' ? 'gray' : item.status === 'retrying' || item.status === 'offline' ? 'yellow' : 'indigo';
  const running = item.status !== 'done' && item.status !== 'failed' && item.status !== 'cancelled';
  return (
    <Paper component="li" withBorder p="xs" radius="sm" data-testid="upload-row" data-path={item.path} data-status={item.status}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {item.path}
        </Text>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c={item.status === 'failed' ? 'red' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
            {STATUS_WORDS[item.status]} · {formatBytes(item.sent)} of {formatBytes(item.bytes)}
          </Text>
          {((item.status === 'failed' && item.retryable !== false) || item.status === 'offline') && (
            <Button size="compact-xs" variant="light" onClick={onResume}>
              Resume
            </Button>
          )}
          {running && <CloseButton size="sm" aria-label={`Cancel the upload of ${item.path}`} onClick={onCancel} />}
        </Group>
      </Group>
      <Progress mt={6} value={percent} color={color} animated={item.status === 'uploading'} aria-label={`Upload of ${item.path}`} data-testid="upload-progress" data-percent={percent} />
      {item.message && item.status !== 'done' && (
        <Text size="xs" c={item.status === 'failed' ? 'red' : 'dimmed'} mt={4} role={item.status === 'failed' ? 'alert' : undefined}>
          {item.message}
        </Text>
      )}
    </Paper>
  );
}
