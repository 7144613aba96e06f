/**
 * /packages/:packageId/review — the reviewer's workbench (issue 10 §7): the files on the left
 * (verdict, outcome, my decision, a filter), the file in the centre (content with its findings
 * placed, or why it cannot be shown), and on the right the decision, the findings to answer and
 * the file's comments (and redaction: fix a finding with a built-in tool, or propose a fix, issue 13); progress and "Submit review" on top, the package's comments below.
 * The keyboard (workbench-keys.ts) moves and decides without the mouse. The author team sees
 * the same page read-only: outcomes once the turn is over, public comments, and "Request an
 * exception" on blocking findings where the server allows it.
 */
import { Alert, Badge, Box, Button, Group, Kbd, Modal, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { FindingResponseKind, FindingWithStanding } from '../../../../../common/contracts/finding-responses.contract';
import type { Package, PackageFile } from '../../../../../common/contracts/packages.contract';
import type { ReviewSummary } from '../../../../../common/contracts/reviews.contract';
import { FILE_OUTCOME_LABELS, type ReviewDecision } from '../../../../../common/vocab/review';
import { linkProps } from '../../../lib/navigation';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { usePackage } from '../../../lib/packages';
import { PackageStatusBadge } from '../../../components/package/PackageStatusBadge';
import { useComments } from '../../../lib/package-approval';
import { CommentThread, HiddenUntilSubmitted } from '../../../components/package/CommentThread';
import { isStaleFile, useAllPackageFiles, useAnswerFinding, useDecideFile, useFindingStanding, useReviewSummary, useSubmitReview } from '../api';
import { OUTCOME_COLORS } from '../format';
import { commandForKey, type WorkbenchCommand } from '../workbench-keys';
import { type FileFilter, type WorkbenchFile, filterFiles, needsMyDecision, nextAfterDecision, progressOf, stepSelection } from '../workbench-list';
import { type DecisionInput, DecisionModal, DecisionPanel } from './DecisionPanel';
import { FileRedaction, useRedactionOffer } from './FileRedaction';
import { FileViewer } from './FileViewer';
import { RedactModal } from '../../../components/redaction/RedactModal';
import { AnswerModal, FindingsPanel } from './FindingsPanel';
import { ShortcutsModal } from './ShortcutsModal';
import { WorkbenchFileList } from './WorkbenchFileList';
import { paths } from '../../../lib/paths';

export function ReviewWorkbenchPage({ packageId }: { packageId: string }) {
  const pkg = usePackage(packageId);
  const summary = useReviewSummary(packageId);
  return (
    <QueryState query={pkg} rows={8}>
      {(p) => <QueryState query={summary}>{(s) => <Workbench pkg={p} summary={s} />}</QueryState>}
    </QueryState>
  );
}

type Dialog =
  | { kind: 'decide'; fileId: string; decision: Exclude<ReviewDecision, 'approve'> }
  | { kind: 'answer'; answer: FindingResponseKind; finding: FindingWithStanding }
  | { kind: 'help' }
  | { kind: 'submit' }
  | { kind: 'redact'; fileId: string; path: string; findingKeys: string[] };

/** Columns: the list, the file, the panel. Each scrolls on its own so the page fits 1280×800. */
const COLUMN_HEIGHT = 'max(420px, calc(100vh - 290px))';
const UNRESOLVED = new Set(['open', 'exception_requested', 'refused']);

function Workbench({ pkg, summary }: { pkg: Package; summary: ReviewSummary }) {
  const allFiles = useAllPackageFiles(pkg.id);
  const standing = useFindingStanding(pkg.id);
  const comments = useComments(pkg.id, {});
  const decide = useDecideFile(pkg.id);
  const answer = useAnswerFinding(pkg.id);
  const submit = useSubmitReview(pkg.id);
  const [filter, setFilter] = useState<FileFilter>('all');
  const [chosen, setChosen] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // The list needs every file (for verdicts and what may be read): fetch the next page as soon as one arrives.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = allFiles;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const packageFiles = useMemo(() => new Map<string, PackageFile>((allFiles.data?.pages ?? []).flatMap((page) => page.files).map((f) => [f.id, f])), [allFiles.data]);
  const files = useMemo<WorkbenchFile[]>(() => {
    const open = new Map<string, number>();
    for (const f of standing.data?.findings ?? []) if (UNRESOLVED.has(f.standing)) open.set(f.fileId, (open.get(f.fileId) ?? 0) + 1);
    return summary.files.map((f) => {
      const check = packageFiles.get(f.fileId)?.current.check ?? null;
      return { ...f, verdict: check?.verdict ?? null, unreadable: check?.status === 'unreadable', openFindings: open.get(f.fileId) ?? 0 };
    });
  }, [summary.files, packageFiles, standing.data]);
  const shown = useMemo(() => filterFiles(files, filter), [files, filter]);

  const selected = chosen ?? (files.find(needsMyDecision) ?? files[0])?.fileId ?? null;
  const reviewFile = files.find((f) => f.fileId === selected) ?? null;
  const packageFile = selected ? (packageFiles.get(selected) ?? null) : null;
  const progress = progressOf(summary);
  const canDecide = (file: WorkbenchFile | null): file is WorkbenchFile => file !== null && summary.abilities.decide && summary.submittedAt === null && file.needsDecision;

  const select = (fileId: string | null) => {
    if (fileId === null) return;
    setChosen(fileId);
    setNotice(null);
    decide.reset();
  };

  const sendDecision = (file: WorkbenchFile, input: DecisionInput) => {
    // The version on screen is the one decided on; the server refuses it if a newer one arrived.
    const fileVersionId = packageFiles.get(file.fileId)?.current.id ?? file.fileVersionId;
    const next = nextAfterDecision(files, file.fileId);
    decide.mutate(
      { fileId: file.fileId, fileVersionId, ...input },
      {
        onSuccess: () => {
          setDialog(null);
          select(next);
        },
        onError: (error) => {
          if (!isStaleFile(error)) return;
          setDialog(null);
          setNotice('This file changed since you opened it: a newer version was added. The workbench now shows it; look at it again, then decide.');
        },
      },
    );
  };

  const run = (command: WorkbenchCommand) => {
    if (command === 'help') return setDialog({ kind: 'help' });
    if (command === 'next' || command === 'previous') return select(stepSelection(shown, selected, command === 'next' ? 1 : -1, files));
    if (!canDecide(reviewFile) || decide.isPending) return;
    if (command === 'approve') sendDecision(reviewFile, { decision: 'approve' });
    else setDialog({ kind: 'decide', fileId: reviewFile.fileId, decision: command });
  };

  // Re-subscribed on every render so the handler always sees the current selection.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialog !== null || event.defaultPrevented) return;
      const command = commandForKey({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: event.target instanceof Element ? (event.target as HTMLElement) : null,
      });
      if (command === null) return;
      event.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const fileFindings = (standing.data?.findings ?? []).filter((f) => f.fileId === selected);
  const redactionOffer = useRedactionOffer(pkg.id, selected);
  const redact = (findingKeys: string[]) => reviewFile && setDialog({ kind: 'redact', fileId: reviewFile.fileId, path: reviewFile.path, findingKeys });
  const commentList = comments.data?.comments ?? [];

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.home() },
          { label: `${pkg.workPackage.name}: egress package`, to: paths.package(pkg.id) },
        ]}
        title={`Review: ${pkg.workPackage.name}`}
        badges={
          <>
            <PackageStatusBadge status={pkg.status} data-testid="package-status" />
            <Text size="sm" c="dimmed">
              Review turn {summary.turn} · {summary.submissions.count} {summary.submissions.count === 1 ? 'review' : 'reviews'} submitted
              {summary.submissions.reviewers && summary.submissions.reviewers.length > 0 && ` (${summary.submissions.reviewers.map((r) => r.name).join(', ')})`}
            </Text>
          </>
        }
        actions={
          <>
            <Button variant="subtle" size="xs" onClick={() => setDialog({ kind: 'help' })} rightSection={<Kbd size="xs">?</Kbd>}>
              Shortcuts
            </Button>
            <Button variant="default" size="xs" component="a" {...linkProps(paths.package(pkg.id))}>
              Back to the package
            </Button>
          </>
        }
      />
      <TopBar summary={summary} progress={progress} onSubmit={() => setDialog({ kind: 'submit' })} />
      <Box style={{ display: 'grid', gridTemplateColumns: '240px minmax(0, 1fr) 330px', gap: 12, alignItems: 'start' }} mt="sm">
        <Paper withBorder p="xs" radius="md" h={COLUMN_HEIGHT} style={{ overflowY: 'auto' }} component="aside" aria-label="Files">
          <WorkbenchFileList
            files={shown}
            filter={filter}
            onFilter={setFilter}
            selected={selected}
            onSelect={select}
            reviewer={summary.reviewer}
            loadingMore={allFiles.isFetching && hasNextPage === true}
          />
        </Paper>
        <Paper withBorder p="sm" radius="md" h={COLUMN_HEIGHT} style={{ overflowY: 'auto' }} component="main" aria-label="File">
          {packageFile ? (
            <FileViewer key={`${packageFile.id}:${packageFile.current.id}`} packageId={pkg.id} file={packageFile} />
          ) : allFiles.isError ? (
            <ErrorAlert error={allFiles.error} onRetry={() => void allFiles.refetch()} />
          ) : (
            <Text size="sm" c="dimmed">
              {selected ? 'Loading the file…' : 'The package has no files.'}
            </Text>
          )}
        </Paper>
        <Paper withBorder p="sm" radius="md" h={COLUMN_HEIGHT} style={{ overflowY: 'auto' }} component="aside" aria-label="Decision and findings">
          {reviewFile ? (
            <Stack gap="md">
              {notice && (
                <Alert color="yellow" title="The file changed" data-testid="stale-notice" withCloseButton onClose={() => setNotice(null)}>
                  <Text size="sm">{notice}</Text>
                </Alert>
              )}
              <Stack gap={6}>
                <Title order={2} size="h5">
                  {summary.reviewer ? 'Decision' : 'Outcome'}
                </Title>
                {reviewFile.outcome && reviewFile.needsDecision && (
                  <Group gap={6} data-testid="file-outcome" data-outcome={reviewFile.outcome}>
                    <Text size="sm">Outcome:</Text>
                    <Badge color={OUTCOME_COLORS[reviewFile.outcome]} variant="light">
                      {FILE_OUTCOME_LABELS[reviewFile.outcome]}
                    </Badge>
                  </Group>
                )}
                <DecisionPanel
                  file={reviewFile}
                  summary={summary}
                  busy={decide.isPending}
                  error={dialog?.kind === 'decide' ? null : decide.error}
                  onApprove={() => run('approve')}
                  onAsk={(decision) => setDialog({ kind: 'decide', fileId: reviewFile.fileId, decision })}
                />
              </Stack>
              <Stack gap={6}>
                <Title order={2} size="h5">
                  {standing.data?.abilities.override || standing.data?.abilities.acknowledge || standing.data?.abilities.requestException ? 'Findings to answer' : 'Findings'}
                </Title>
                {standing.isError ? (
                  <ErrorAlert error={standing.error} onRetry={() => void standing.refetch()} />
                ) : (
                  standing.data && (
                    <FindingsPanel
                      findings={fileFindings}
                      abilities={standing.data.abilities}
                      onAnswer={(kind, finding) => setDialog({ kind: 'answer', answer: kind, finding })}
                      redactLabel={redactionOffer === null ? undefined : redactionOffer === 'apply' ? 'Redact' : 'Propose a redaction'}
                      onRedact={(finding) => redact([finding.findingKey])}
                    />
                  )
                )}
              </Stack>
              <FileRedaction key={reviewFile.fileId} pkg={pkg} fileId={reviewFile.fileId} onRedact={() => redact(fileFindings.map((f) => f.findingKey))} />
              <Stack gap={6}>
                <Title order={2} size="h5">
                  Comments on this file
                </Title>
                <CommentThread
                  key={reviewFile.fileId}
                  packageId={pkg.id}
                  subjectType="file"
                  subjectId={reviewFile.fileId}
                  comments={commentList}
                  canComment={summary.abilities.comment}
                  canCommentPrivately={summary.abilities.commentPrivately}
                  label={`Comments on ${reviewFile.path}`}
                  empty="No comments on this file."
                />
              </Stack>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              Choose a file.
            </Text>
          )}
        </Paper>
      </Box>
      <Box mt="md">
        <Section title="Comments on the package">
          {comments.isError && <ErrorAlert error={comments.error} onRetry={() => void comments.refetch()} />}
          {(comments.data?.hiddenUntilSubmitted ?? 0) > 0 && <HiddenUntilSubmitted count={comments.data?.hiddenUntilSubmitted ?? 0} />}
          <CommentThread
            packageId={pkg.id}
            subjectType="package"
            subjectId={pkg.id}
            comments={commentList}
            canComment={summary.abilities.comment}
            canCommentPrivately={summary.abilities.commentPrivately}
            label="Comments on the package"
            empty="No comments on the package."
          />
        </Section>
      </Box>
      {dialog?.kind === 'redact' && (
        <RedactModal
          packageId={pkg.id}
          file={{ id: dialog.fileId, path: dialog.path }}
          candidates={(standing.data?.findings ?? []).filter((f) => f.fileId === dialog.fileId)}
          initialFindingKeys={dialog.findingKeys}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'help' && <ShortcutsModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'decide' && reviewFile && (
        <DecisionModal
          path={reviewFile.path}
          decision={dialog.decision}
          busy={decide.isPending}
          error={decide.error}
          onDecide={(input) => sendDecision(reviewFile, input)}
          onClose={() => {
            setDialog(null);
            decide.reset();
          }}
        />
      )}
      {dialog?.kind === 'answer' && (
        <AnswerModal
          kind={dialog.answer}
          finding={dialog.finding}
          busy={answer.isPending}
          error={answer.error}
          onSend={(text) =>
            answer.mutate(
              { kind: dialog.answer, finding: dialog.finding, text },
              {
                onSuccess: () => setDialog(null),
                onError: (error) => {
                  if (!isStaleFile(error)) return;
                  setDialog(null);
                  setNotice('This file changed since you opened it: its findings now are those of the newest version. Look at them again.');
                },
              },
            )
          }
          onClose={() => {
            setDialog(null);
            answer.reset();
          }}
        />
      )}
      {dialog?.kind === 'submit' && (
        <Modal opened onClose={() => setDialog(null)} title="Submit your review">
          <Stack gap="sm">
            <Text size="sm">
              Your decisions on {progress.total} {progress.total === 1 ? 'output' : 'outputs'} become final for this turn. You will then see the other reviewers’ decisions and private comments.
            </Text>
            <ErrorAlert error={submit.error} title="The review was not submitted" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                Cancel
              </Button>
              <Button loading={submit.isPending} disabled={submit.isPending} onClick={() => submit.mutate(undefined, { onSuccess: () => setDialog(null) })} data-testid="confirm-submit-review">
                Submit review
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}

function TopBar({ summary, progress, onSubmit }: { summary: ReviewSummary; progress: ReturnType<typeof progressOf>; onSubmit: () => void }) {
  if (!summary.reviewer) {
    return (
      <Alert color="gray" data-testid="author-notice" p="xs">
        <Text size="sm">
          {summary.files.some((f) => f.outcome !== null)
            ? 'The review of this turn is over: each output shows its outcome. Public comments say what to change.'
            : 'You are reading this review, not reviewing it: outcomes show once the reviewers have finished this turn. Public comments and exception requests are yours to write.'}
        </Text>
      </Alert>
    );
  }
  const percent = progress.total === 0 ? 100 : Math.round((progress.decided / progress.total) * 100);
  return (
    <Paper withBorder p="xs" radius="md" data-testid="review-topbar">
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" fw={600} data-testid="review-progress" style={{ whiteSpace: 'nowrap' }}>
            {progress.label}
          </Text>
          <Progress value={percent} w={120} aria-label={progress.label} />
          {summary.submittedAt ? (
            <Badge color="teal" variant="light">
              Review submitted
            </Badge>
          ) : (
            summary.independent && (
              <Text size="xs" c="dimmed" data-testid="independent-notice">
                You will see the other reviewers’ decisions after you submit your review.
              </Text>
            )
          )}
        </Group>
        {!summary.submittedAt && (
          <Group gap="xs" wrap="nowrap">
            {progress.submitBlocked && (
              <Text size="xs" c="dimmed" data-testid="submit-blocked" ta="right">
                {progress.submitBlocked}
              </Text>
            )}
            <Button size="sm" onClick={onSubmit} disabled={progress.submitBlocked !== null} data-testid="submit-review">
              Submit review
            </Button>
          </Group>
        )}
      </Group>
    </Paper>
  );
}
