import { useQuery } from '@tanstack/react-query';
import type { WaitingResponse } from '../../../../common/contracts/waiting.contract';
import { api } from '../../lib/api';

export const waitingKey = ['me', 'waiting'] as const;

/** What is waiting for the signed-in person, across their projects; refreshed every minute. */
export function useWaitingForMe() {
  return useQuery({ queryKey: waitingKey, queryFn: () => api<WaitingResponse>('/me/waiting'), refetchInterval: 60_000 });
}
