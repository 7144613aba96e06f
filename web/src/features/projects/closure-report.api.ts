/**
 * The closure report of a closed project (docs/closure.md "Closure report"): whether it exists,
 * its hashes and whether you may download it; the documents are plain links (the browser
 * downloads them with the session cookie).
 */
import { useQuery } from '@tanstack/react-query';
import type { ClosureReportFormat, ClosureReportInfo } from '../../../../common/contracts/closure-report.contract';
import { api } from '../../lib/api';

const url = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/closure/report`;

export function useClosureReport(projectId: string, enabled: boolean) {
  return useQuery({ queryKey: ['project-closure-report', projectId], queryFn: () => api<ClosureReportInfo>(url(projectId)), enabled });
}

/** Where the browser downloads the report's HTML or PDF. */
export const closureReportUrl = (projectId: string, format: ClosureReportFormat) => `/api/v1${url(projectId)}/${format}`;
