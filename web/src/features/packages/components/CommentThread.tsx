import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Comment } from '../../../../../common/contracts/comments.contract';
import type { CommentSubjectType, CommentVisibility } from '../../../../../common/vocab/review';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { useAddComment, useComments, useRetractComment } from '../approval.api';

/** The longest body the server accepts (comments.contract.ts; written out to keep zod out of the bundle). */
const COMMENT_MAX_LENGTH = 10_000;

interface CommentThreadProps {
  packageId: string;
  subjectType: CommentSubjectType;
  subjectId: string;
  /** The caller may write here (the review summary's `comment`, or `commentOnRemoval` for a removed item). */
  canComment: boolean;
  /** The caller may write a private comment (reviewers only). */
  canCommentPrivately: boolean;
  /** What the thread is called for assistive tech. */
  label: string;
}

/**
 * One comment thread: the comments the caller may see, oldest first, and a form to add one.
 * Bodies are Markdown kept as text: shown as plain text with their line breaks, never as HTML,
 * so a `<script>` in a comment is shown as the characters `<script>`.
 */
export function CommentThread({ packageId, subjectType, subjectId, canComment, canCommentPrivately, label }: CommentThreadProps) {
  const comments = useComments(packageId, { subjectType, subjectId });
  return (
    <Stack gap="xs" aria-label={label} data-testid="comment-thread" data-subject-type={subjectType}>
      <QueryState query={comments} rows={2}>
        {(data) => (
          <>
            {data.comments.length === 0 ? <EmptyNote>No comments yet.</EmptyNote> : data.comments.map((c) => <CommentItem key={c.id} packageId={packageId} comment={c} />)}
            {data.hiddenUntilSubmitted > 0 && (
              <Text size="xs" c="dimmed">
                {data.hiddenUntilSubmitted} private comment{data.hiddenUntilSubmitted === 1 ? '' : 's'} of this turn {data.hiddenUntilSubmitted === 1 ? 'is' : 'are'} hidden until you submit your review.
              </Text>
            )}
          </>
        )}
      </QueryState>
      {canComment && <CommentForm packageId={packageId} subjectType={subjectType} subjectId={subjectId} canCommentPrivately={canCommentPrivately} />}
    </Stack>
  );
}

/** One comment; a retracted one keeps its author and time, without its body. */
export function CommentItem({ packageId, comment, withRetract = true }: { packageId: string; comment: Comment; withRetract?: boolean }) {
  const retract = useRetractComment(packageId);
  const retracted = comment.retractedAt !== null;
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="comment" data-visibility={comment.visibility} data-retracted={retracted}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {comment.authorName}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(comment.createdAt)} · turn {comment.turn}
          </Text>
          {comment.visibility === 'private' && (
            <Badge size="xs" color="grape" variant="light" title="Seen by the package’s reviewers only">
              Private
            </Badge>
          )}
        </Group>
        {withRetract && comment.mine && !retracted && (
          <Button size="compact-xs" variant="subtle" color="gray" loading={retract.isPending} onClick={() => retract.mutate(comment.id)}>
            Retract
          </Button>
        )}
      </Group>
      {retracted ? (
        <Text size="sm" c="dimmed" fs="italic">
          Retracted {formatDateTime(comment.retractedAt as string)}
        </Text>
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {comment.body}
        </Text>
      )}
      <ErrorAlert error={retract.error} title="The comment was not retracted" />
    </Paper>
  );
}

function CommentForm({ packageId, subjectType, subjectId, canCommentPrivately }: Omit<CommentThreadProps, 'canComment' | 'label'>) {
  const add = useAddComment(packageId);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<CommentVisibility>('public');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return setError('Write a comment first');
    setError(undefined);
    add.mutate({ subjectType, subjectId, visibility: canCommentPrivately ? visibility : 'public', body }, { onSuccess: () => setBody('') });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap={6}>
        <ErrorAlert error={add.error} title="The comment was not added" />
        <Textarea
          aria-label="New comment"
          placeholder={canCommentPrivately ? 'Add a comment (Markdown, shown as text)' : 'Add a comment; the author team and the reviewers see it'}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={COMMENT_MAX_LENGTH}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={error}
        />
        <Group justify="space-between">
          {canCommentPrivately ? (
            <SegmentedControl
              size="xs"
              value={visibility}
              onChange={(v) => setVisibility(v as CommentVisibility)}
              data={[
                { value: 'public', label: 'Public (authors see it)' },
                { value: 'private', label: 'Private (reviewers only)' },
              ]}
              aria-label="Who sees the comment"
            />
          ) : (
            <span />
          )}
          <Button type="submit" size="xs" loading={add.isPending}>
            Comment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
