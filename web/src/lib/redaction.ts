/**
 * Redaction over HTTP (issue 13; common/contracts/redaction.contract.ts): the operations that
 * apply to a file's current version (with what the caller may do), a preview, applying or
 * proposing a redaction, the package's proposals and the author team's decision on them, a
 * version's provenance, and the diff of a redacted version or of a proposal. Everything lives
 * under the package's key: applying or accepting makes a new version, moves the package and
 * changes its check results, so every mutation refreshes all of it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AcceptRedactionProposalRequest,
  ApplyRedactionRequest,
  DeclineRedactionProposalRequest,
  LinkManualRedactionRequest,
  ProposeRedactionRequest,
  RedactionApplied,
  RedactionDiff,
  RedactionOperationList,
  RedactionPreview,
  RedactionPreviewRequest,
  RedactionProposal,
  RedactionProposalAccepted,
  RedactionProposalList,
  RedactionProvenance,
  VersionProvenance,
} from '../../../common/contracts/redaction.contract';
import { ApiError, api } from './api';
import { packageKey } from './packages';
import { workPackageKey } from './query-keys';

const base = (packageId: string) => `/packages/${encodeURIComponent(packageId)}`;
const fileBase = (packageId: string, fileId: string) => `${base(packageId)}/files/${encodeURIComponent(fileId)}`;
const proposalBase = (packageId: string, proposalId: string) => `${base(packageId)}/redaction-proposals/${encodeURIComponent(proposalId)}`;
const redactionKey = (packageId: string) => [...packageKey(packageId), 'redaction'] as const;

/** Code the server answers when the version named is no longer the file's current one. */
export const REDACTION_STALE_VERSION = 'redaction.stale_version';
export const isStaleRedaction = (error: unknown): boolean => error instanceof ApiError && error.code === REDACTION_STALE_VERSION;

/** The operations that support the file's current version, and whether the caller may preview, apply or propose. */
export function useRedactionOperations(packageId: string, fileId: string, enabled = true) {
  return useQuery({
    queryKey: [...redactionKey(packageId), 'operations', fileId],
    queryFn: () => api<RedactionOperationList>(`${fileBase(packageId, fileId)}/redaction-operations`),
    enabled,
  });
}

/** Every redaction proposal of the package, newest first, and whether the caller may accept or decline them. */
export function useRedactionProposals(packageId: string, enabled = true) {
  return useQuery({ queryKey: [...redactionKey(packageId), 'proposals'], queryFn: () => api<RedactionProposalList>(`${base(packageId)}/redaction-proposals`), enabled });
}

/** Where a version came from when a redaction made it; null provenance otherwise. A version never changes, so this is cached for good. */
export function useVersionProvenance(packageId: string, fileId: string, versionId: string, enabled = true) {
  return useQuery({
    queryKey: ['redaction-provenance', packageId, fileId, versionId],
    queryFn: () => api<VersionProvenance>(`${fileBase(packageId, fileId)}/versions/${encodeURIComponent(versionId)}/provenance`),
    enabled,
    staleTime: Infinity,
  });
}

/** What changed: a redacted version against the one it came from, or a proposal against the version it redacts. */
export type DiffSubject = { kind: 'version'; fileId: string; versionId: string } | { kind: 'proposal'; proposalId: string };

export function useRedactionDiff(packageId: string, subject: DiffSubject, enabled = true) {
  const path = subject.kind === 'version' ? `${fileBase(packageId, subject.fileId)}/versions/${encodeURIComponent(subject.versionId)}/diff` : `${proposalBase(packageId, subject.proposalId)}/diff`;
  return useQuery({
    queryKey: [...redactionKey(packageId), 'diff', path],
    queryFn: () => api<RedactionDiff>(path),
    enabled,
    // A proposal's bytes never change; the content rule may, so it is fetched again after a mutation.
    staleTime: 60_000,
  });
}

function useRedactionMutation<TBody, TResult>(packageId: string, request: (body: TBody) => Promise<TResult>, refreshes = true) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: packageKey(packageId) });
    await queryClient.invalidateQueries({ queryKey: workPackageKey(packageId) });
  };
  return useMutation({
    mutationFn: request,
    onSuccess: () => (refreshes ? refresh() : undefined),
    onError: (error) => (error instanceof ApiError && error.status === 409 ? refresh() : undefined),
  });
}

type OnFile<T> = T & { fileId: string };

/** A dry run: what the redaction would change. Nothing is stored, so nothing is refreshed. */
export function usePreviewRedaction(packageId: string) {
  return useRedactionMutation(
    packageId,
    ({ fileId, ...body }: OnFile<RedactionPreviewRequest>) => api<RedactionPreview>(`${fileBase(packageId, fileId)}/redaction-preview`, { method: 'POST', body }),
    false,
  );
}

/** The author team applies a redaction: the file's new current version, checked at once. */
export function useApplyRedaction(packageId: string) {
  return useRedactionMutation(packageId, ({ fileId, ...body }: OnFile<ApplyRedactionRequest>) => api<RedactionApplied>(`${fileBase(packageId, fileId)}/redactions`, { method: 'POST', body }));
}

/** A reviewer proposes a redaction: kept aside until the author team accepts or declines it. */
export function useProposeRedaction(packageId: string) {
  return useRedactionMutation(packageId, ({ fileId, ...body }: OnFile<ProposeRedactionRequest>) =>
    api<RedactionProposal>(`${fileBase(packageId, fileId)}/redaction-proposals`, { method: 'POST', body }),
  );
}

/** The author team accepts a proposal: a new version, the package back to checking as a new review turn, its sign-offs void. */
export function useAcceptProposal(packageId: string) {
  return useRedactionMutation(packageId, ({ proposalId, ...body }: AcceptRedactionProposalRequest & { proposalId: string }) =>
    api<RedactionProposalAccepted>(`${proposalBase(packageId, proposalId)}/acceptance`, { method: 'POST', body }),
  );
}

/** The author team declines a proposal, with the reason. */
export function useDeclineProposal(packageId: string) {
  return useRedactionMutation(packageId, ({ proposalId, ...body }: DeclineRedactionProposalRequest & { proposalId: string }) =>
    api<RedactionProposal>(`${proposalBase(packageId, proposalId)}/declination`, { method: 'POST', body }),
  );
}

/**
 * The author team links the file's current version, redacted by hand inside and added again from
 * inside, to the earlier version it replaces. Provenance is cached for good, so it is refreshed here.
 */
export function useLinkManualRedaction(packageId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ fileId, ...body }: OnFile<LinkManualRedactionRequest>) => api<RedactionProvenance>(`${fileBase(packageId, fileId)}/manual-redactions`, { method: 'POST', body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['redaction-provenance', packageId] });
      await queryClient.invalidateQueries({ queryKey: packageKey(packageId) });
    },
  });
}
