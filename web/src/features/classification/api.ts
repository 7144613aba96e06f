import { useQuery } from '@tanstack/react-query';
import type { QuestionSet } from '../../../../common/contracts';
import { api } from '../../lib/api';
import { questionSetKey } from '../../lib/query-keys';


/** A question set never changes once stored (a new version gets a new id), so cache it for good. */
export function useQuestionSet(questionSetId: string | undefined) {
  return useQuery({
    queryKey: questionSetKey(questionSetId ?? ''),
    queryFn: () => api<QuestionSet>(`/question-sets/${encodeURIComponent(questionSetId ?? '')}`),
    enabled: Boolean(questionSetId),
    staleTime: Infinity,
  });
}
