/**
 * The project's output area (the folder inside the environment where analysts leave results)
 * seen from one package: each file says whether it is new, already in this package, changed
 * since, in another package or already released. Chosen files and folders are copied into the
 * package by the server, which answers per path.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImportReport, OutputAreaFileStatusName, OutputAreaListing } from '../../../../common/contracts/output-area.contract';
import { api } from '../../lib/api';
import { packageKey } from '../../lib/packages';

export const OUTPUT_AREA_STATUS_LABELS = {
  new: 'New',
  in_package: 'In this package',
  changed: 'Changed since added',
  in_other_package: 'In another package',
  released: 'Already released',
} as const satisfies Record<OutputAreaFileStatusName, string>;

export const UNAVAILABLE_REASONS = {
  outside: 'A link leading out of the output area',
  special: 'Not a regular file',
  unreadable: 'Cannot be read',
} as const;

/** One folder of the output area, a page at a time (`fetchNextPage` follows `next`). */
export function useOutputArea(projectId: string, packageId: string, path: string) {
  return useInfiniteQuery({
    queryKey: ['output-area', projectId, packageId, path],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ path, packageId });
      if (pageParam !== null) query.set('after', pageParam);
      return api<OutputAreaListing>(`/projects/${encodeURIComponent(projectId)}/output-area?${query}`);
    },
    getNextPageParam: (last) => last.next,
    retry: false,
  });
}

/** Copies the chosen output-area files and folders into the package; the report says what became of each. */
export function useImportFromOutputArea(packageId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (paths: string[]) => api<ImportReport>(`/packages/${encodeURIComponent(packageId)}/output-area-imports`, { method: 'POST', body: { paths } }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: packageKey(packageId) });
      await queryClient.invalidateQueries({ queryKey: ['output-area'] });
    },
  });
}
