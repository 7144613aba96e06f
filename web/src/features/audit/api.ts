import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEvent } from '../../../../common/contracts';
import { api } from '../../lib/api';

const PAGE_SIZE = 100;

interface AuditPage {
  events: AuditEvent[];
  nextBefore: number | null;
}

/** The project's audit trail, newest first; each further page holds older events. */
export function useProjectAudit(projectId: string) {
  return useInfiniteQuery({
    queryKey: ['project-audit', projectId],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (pageParam !== null) query.set('before', String(pageParam));
      return api<AuditPage>(`/projects/${encodeURIComponent(projectId)}/audit?${query}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
}
