/**
 * The upload list of a package page: files the user dropped or picked, each with its own
 * progress and outcome. At most three upload at once; the rest wait their turn. When a file
 * is in, the package is fetched again so the file appears in the table. Leaving the page stops
 * the uploads without discarding them: adding the same file again resumes it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type UploadState, UploadRunner } from './upload-runner';

const PARALLEL_UPLOADS = 3;

export interface PickedFile {
  file: File;
  /** Path in the package: the name, or the path inside a chosen folder. */
  path: string;
}

export interface UploadItem extends UploadState {
  id: string;
  path: string;
  bytes: number;
}

const ACTIVE = new Set(['hashing', 'uploading', 'retrying', 'offline']);
let counter = 0;

export function useUploads(packageId: string, csrfToken: () => string | null, onFileDone: () => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const runners = useRef(new Map<string, UploadRunner>());
  const statuses = useRef(new Map<string, UploadState['status']>());
  const queue = useRef<string[]>([]);
  const onDone = useRef(onFileDone);
  onDone.current = onFileDone;
  const token = useRef(csrfToken);
  token.current = csrfToken;

  const pump = useCallback(() => {
    let active = [...statuses.current.values()].filter((s) => ACTIVE.has(s)).length;
    while (active < PARALLEL_UPLOADS && queue.current.length > 0) {
      const id = queue.current.shift() as string;
      const runner = runners.current.get(id);
      if (!runner || statuses.current.get(id) !== 'waiting') continue;
      statuses.current.set(id, 'hashing');
      active++;
      void runner.start();
    }
  }, []);

  const add = useCallback(
    (files: PickedFile[]) => {
      const added: UploadItem[] = files.map(({ file, path }) => {
        const id = `upload-${++counter}`;
        const runner = new UploadRunner({
          file,
          path,
          packageId,
          csrfToken: () => token.current(),
          onChange: (state) => {
            const before = statuses.current.get(id);
            statuses.current.set(id, state.status);
            setItems((list) => list.map((item) => (item.id === id ? { ...item, ...state } : item)));
            if (state.status === 'done' && before !== 'done') onDone.current();
            if (!ACTIVE.has(state.status)) pump();
          },
        });
        runners.current.set(id, runner);
        statuses.current.set(id, 'waiting');
        queue.current.push(id);
        return { id, path, bytes: file.size, status: 'waiting', sent: 0 };
      });
      setItems((list) => [...list, ...added]);
      pump();
    },
    [packageId, pump],
  );

  const resume = useCallback((id: string) => runners.current.get(id)?.resume(), []);
  const cancel = useCallback((id: string) => {
    queue.current = queue.current.filter((queued) => queued !== id);
    runners.current.get(id)?.cancel();
  }, []);
  /** Forgets the finished, failed and cancelled rows. */
  const clearFinished = useCallback(() => {
    setItems((list) => list.filter((item) => item.status === 'waiting' || ACTIVE.has(item.status)));
    for (const [id, status] of statuses.current) {
      if (status !== 'waiting' && !ACTIVE.has(status)) {
        statuses.current.delete(id);
        runners.current.delete(id);
      }
    }
  }, []);

  useEffect(() => {
    const all = runners.current;
    return () => {
      for (const runner of all.values()) runner.pause();
    };
  }, []);

  return { items, add, resume, cancel, clearFinished };
}
