/**
 * A question set by id, shared by classification (the wizard asks it) and work packages (opinions
 * show its wording), so neither feature imports the other for it.
 */
import { useQuery } from '@tanstack/react-query';
import type { QuestionSet } from '../../../common/contracts';
import { api } from './api';
import { questionSetKey } from './query-keys';

/** A question set never changes once stored (a new version gets a new id), so cache it for good. */
export function useQuestionSet(questionSetId: string | undefined) {
  return useQuery({
    queryKey: questionSetKey(questionSetId ?? ''),
    queryFn: () => api<QuestionSet>(`/question-sets/${encodeURIComponent(questionSetId ?? '')}`),
    enabled: Boolean(questionSetId),
    staleTime: Infinity,
  });
}
