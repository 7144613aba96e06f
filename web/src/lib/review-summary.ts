import type { ReviewSummary } from '../../../common/contracts/reviews.contract';
import { api } from './api';
import { packageKey } from './packages';

/** The review summary's cache key, under the package's so every package mutation refreshes it. */
export const reviewKey = (packageId: string) => [...packageKey(packageId), 'review'] as const;

/** The review summary's query: one cache for the workbench and the package page (which reads its abilities). */
export const reviewSummaryQuery = (packageId: string) => ({
  queryKey: reviewKey(packageId),
  queryFn: () => api<ReviewSummary>(`/packages/${encodeURIComponent(packageId)}/review`),
});
