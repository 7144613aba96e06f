/**
 * The egress package over HTTP: the package (with context, register and abilities), its files a
 * page at a time, one file's versions and check result (and the results re-checks set aside),
 * its content, its history, and the mutations. Every mutation refreshes everything cached under
 * the package's key, because one change (a file's role, a removal) moves totals, the checklist
 * and the register together.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditEvent } from '../../../common/contracts/audit.contract';
import type { FileCheckResult, FilePage, Package, PackageContext, PackageFileDetail } from '../../../common/contracts/packages.contract';
import type { SupersededCheckResultsResponse } from '../../../common/contracts/superseded-results.contract';
import type { FileCategory, FileRole } from '../../../common/vocab/statuses';
import { ApiError, api, apiText } from './api';
import { workPackageKey } from './query-keys';

export const FILES_PAGE_SIZE = 100;

const base = (packageId: string) => `/packages/${encodeURIComponent(packageId)}`;
const fileBase = (packageId: string, fileId: string) => `${base(packageId)}/files/${encodeURIComponent(fileId)}`;

/** Everything cached about one package starts with this key. */
export const packageKey = (packageId: string) => ['package', packageId] as const;
const filesKey = (packageId: string) => [...packageKey(packageId), 'files'] as const;

/** Statuses the server leaves by itself (checks, release): the page polls while in them. */
const MOVING = new Set(['checking', 'releasing']);

export function usePackage(packageId: string) {
  return useQuery({
    queryKey: packageKey(packageId),
    queryFn: () => api<Package>(base(packageId)),
    refetchInterval: (query) => (query.state.data && MOVING.has(query.state.data.status) ? 3000 : false),
  });
}

/** The package's files ordered by path, 100 a page unless told; `fetchNextPage` follows the server's `next`. */
export function usePackageFiles(packageId: string, pageSize = FILES_PAGE_SIZE) {
  return useInfiniteQuery({
    queryKey: [...filesKey(packageId), pageSize],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (pageParam !== null) query.set('after', pageParam);
      return api<FilePage>(`${base(packageId)}/files?${query}`);
    },
    getNextPageParam: (last) => last.next,
  });
}

/** One file with every version, newest first as the server lists them. */
export function usePackageFile(packageId: string, fileId: string | null) {
  return useQuery({
    queryKey: [...packageKey(packageId), 'file', fileId ?? ''],
    queryFn: () => api<PackageFileDetail>(fileBase(packageId, fileId ?? '')),
    enabled: fileId !== null,
  });
}

export type FileCheck = FileCheckResult;

const MISSING = new Set(['file.not_found', 'package.not_found']);

/** The check result of a version; null while the version has not been checked. */
export function useFileCheck(packageId: string, fileId: string, version: number, enabled = true) {
  return useQuery({
    queryKey: [...packageKey(packageId), 'check', fileId, version],
    queryFn: async () => {
      try {
        return (await api<FileCheck | null>(`${fileBase(packageId, fileId)}/check?version=${version}`)) ?? null;
      } catch (error) {
        // "Not checked yet" may come as a 404 of its own; a missing file or package stays an error.
        if (error instanceof ApiError && error.status === 404 && !MISSING.has(error.code)) return null;
        throw error;
      }
    },
    enabled,
  });
}

/** The results of a version that re-checks set aside, most recently superseded first; empty before any re-check. */
export function useSupersededResults(packageId: string, fileId: string, version: number) {
  return useQuery({
    queryKey: [...packageKey(packageId), 'superseded', fileId, version],
    queryFn: async () => (await api<SupersededCheckResultsResponse>(`${fileBase(packageId, fileId)}/superseded-results?version=${version}`)).results,
  });
}

/** The text of a (small) file version. A version never changes, so it is cached for good. */
export function useFileText(packageId: string, fileId: string, version: number, enabled: boolean) {
  return useQuery({
    queryKey: ['package-content', packageId, fileId, version],
    queryFn: () => apiText(`${fileBase(packageId, fileId)}/content?version=${version}`),
    enabled,
    staleTime: Infinity,
  });
}

/** The address of a version's bytes (same origin, sent with the session cookie). */
export function contentUrl(packageId: string, fileId: string, version: number): string {
  return `/api/v1${fileBase(packageId, fileId)}/content?version=${version}`;
}

/** The package's audit events (what happened, who, when), newest first, 100 a page. */
export function usePackageHistory(packageId: string) {
  return useInfiniteQuery({
    queryKey: [...packageKey(packageId), 'history'],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: '100' });
      if (pageParam !== null) query.set('before', String(pageParam));
      return api<{ events: AuditEvent[]; nextBefore: number | null }>(`${base(packageId)}/history?${query}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
}

function isPackage(data: unknown): data is Package {
  return typeof data === 'object' && data !== null && 'missingContext' in data && 'abilities' in data;
}

/** A mutation on the package: on success or conflict, everything about the package is fetched again. */
function usePackageMutation<TBody>(packageId: string, request: (body: TBody) => Promise<unknown>) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: packageKey(packageId) });
  return useMutation({
    mutationFn: request,
    onSuccess: async (data) => {
      if (isPackage(data)) queryClient.setQueryData(packageKey(packageId), data);
      await refresh();
      // The work package page shows the package's state too.
      await queryClient.invalidateQueries({ queryKey: workPackageKey(packageId) });
    },
    onError: (error) => (error instanceof ApiError && error.status === 409 ? refresh() : undefined),
  });
}

export function useSaveContext(packageId: string) {
  return usePackageMutation(packageId, (body: { context: PackageContext; version: number }) => api<Package>(`${base(packageId)}/context`, { method: 'PUT', body }));
}

export interface TransitionRequest {
  action: string;
  comment?: string;
  version: number;
}

/**
 * A lifecycle move. A re-check has its own route (POST /packages/:id/recheck, with the comment
 * as its reason): the generic transitions route refuses it.
 */
export function useTransition(packageId: string) {
  return usePackageMutation(packageId, ({ action, comment, version }: TransitionRequest) =>
    action === 'recheck'
      ? api<Package>(`${base(packageId)}/recheck`, { method: 'POST', body: { reason: comment ?? '', version } })
      : api<Package>(`${base(packageId)}/transitions`, { method: 'POST', body: { action, version, ...(comment !== undefined ? { comment } : {}) } }),
  );
}

export interface ChangeFileRequest {
  fileId: string;
  role?: FileRole;
  category?: FileCategory;
  version: number;
}

export function useChangeFile(packageId: string) {
  return usePackageMutation(packageId, ({ fileId, ...body }: ChangeFileRequest) => api<unknown>(fileBase(packageId, fileId), { method: 'PATCH', body }));
}

/** Takes a file out of the package (its versions stay in the history). */
export function useDeleteFile(packageId: string) {
  return usePackageMutation(packageId, ({ fileId, version }: { fileId: string; version: number }) =>
    // The version goes in the query and the body: the route reads either, and a bodiless DELETE is refused today.
    api<unknown>(`${fileBase(packageId, fileId)}?version=${version}`, { method: 'DELETE', body: { version } }),
  );
}

/** Puts a file on the temporarily-removed register, with the reason. */
export function useRemoveFile(packageId: string) {
  return usePackageMutation(packageId, ({ fileId, ...body }: { fileId: string; reason: string; version: number }) => api<unknown>(`${fileBase(packageId, fileId)}/removal`, { method: 'POST', body }));
}

export function useReinstateFile(packageId: string) {
  return usePackageMutation(packageId, ({ fileId, version }: { fileId: string; version: number }) =>
    api<unknown>(`${fileBase(packageId, fileId)}/reinstatement`, { method: 'POST', body: { version } }),
  );
}

/** Refreshes the package after files arrived by another way (an upload finished). */
export function useRefreshPackage(packageId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: packageKey(packageId) });
}
