/**
 * The one comment thread of the web (issue 10 §4, §6): the package's, one file's, or one removed
 * item's. It serves the package page (the package thread, each removed item's discussion, and —
 * through CommentItem — a returned package's to-do list) and the reviewer's workbench (the file
 * shown and the package). Bodies are Markdown rendered by components/ui/Markdown, which builds
 * React text nodes only, so `<script>` in a comment is shown as the characters `<script>`.
 * A retracted comment keeps its author and time, without its body. Who may write, and whether
 * privately, comes from the server's abilities (the review summary), never from the page.
 */
import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Comment } from '../../../../common/contracts/comments.contract';
import type { CommentSubjectType, CommentVisibility } from '../../../../common/vocab/review';
import { EmptyNote } from '../ui/EmptyNote';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Markdown } from '../ui/Markdown';
import { QueryState } from '../ui/QueryState';
import { formatDateTime } from '../../lib/format';
import { useAddComment, useComments, useRetractComment } from '../../lib/package-approval';

/** The longest body the server accepts (comments.contract.ts; written out to keep zod out of the bundle). */
const COMMENT_MAX_LENGTH = 10_000;

/** The comment box's name, so two threads on one page (a file's and the package's) stay apart. */
const BOX_LABELS = {
  package: 'Comment on the package',
  file: 'Comment on this file',
  removal: 'Comment on this removed item',
} as const satisfies Record<CommentSubjectType, string>;

interface CommentThreadProps {
  packageId: string;
  subjectType: CommentSubjectType;
  /** The package's id, the file's, or the removal's. */
  subjectId: string;
  /** The caller may write here (the review summary's `comment`, or `commentOnRemoval` for a removed item). */
  canComment: boolean;
  /** The caller may write a private comment (reviewers only). */
  canCommentPrivately: boolean;
  /** What the thread is called for assistive tech. */
  label: string;
  /**
   * The package's comments, when the caller already loaded them all (the workbench loads them
   * once for every file); the thread keeps its subject's. Without them the thread loads its own
   * and says how many private ones wait for the caller's submitted review.
   */
  comments?: Comment[];
  /** What the empty thread says. */
  empty?: string;
}

/** One thread: the comments the caller may see, oldest first, and a form to add one. */
export function CommentThread({ packageId, subjectType, subjectId, canComment, canCommentPrivately, label, comments, empty = 'No comments yet.' }: CommentThreadProps) {
  const loaded = useComments(packageId, { subjectType, subjectId }, comments === undefined);
  const list = (items: Comment[]) =>
    items.length === 0 ? <EmptyNote>{empty}</EmptyNote> : items.map((c) => <CommentItem key={c.id} packageId={packageId} comment={c} markPublic={canCommentPrivately} />);
  return (
    <Stack gap="xs" aria-label={label} data-testid={`comments-${subjectType}`}>
      {comments !== undefined ? (
        list(comments.filter((c) => c.subjectType === subjectType && c.subjectId === subjectId))
      ) : (
        <QueryState query={loaded} rows={2}>
          {(data) => (
            <>
              {list(data.comments)}
              {data.hiddenUntilSubmitted > 0 && <HiddenUntilSubmitted count={data.hiddenUntilSubmitted} />}
            </>
          )}
        </QueryState>
      )}
      {canComment && <CommentForm packageId={packageId} subjectType={subjectType} subjectId={subjectId} canCommentPrivately={canCommentPrivately} />}
    </Stack>
  );
}

/** "2 private comments of this turn are hidden until you submit your review." */
export function HiddenUntilSubmitted({ count }: { count: number }) {
  return (
    <Text size="xs" c="dimmed" data-testid="comments-hidden">
      {count} private comment{count === 1 ? '' : 's'} of this turn {count === 1 ? 'is' : 'are'} hidden until you submit your review.
    </Text>
  );
}

interface CommentItemProps {
  packageId: string;
  comment: Comment;
  /** Offer "Retract" on the caller's own standing comment (not in the returned package's to-do list). */
  withRetract?: boolean;
  /** Mark public comments too, for readers who also see private ones. */
  markPublic?: boolean;
}

/** One comment; a retracted one keeps its author and time, without its body. */
export function CommentItem({ packageId, comment, withRetract = true, markPublic = false }: CommentItemProps) {
  const retract = useRetractComment(packageId);
  const retracted = comment.retractedAt !== null;
  const isPrivate = comment.visibility === 'private';
  return (
    <Paper withBorder p="xs" radius="sm" bg={isPrivate ? 'grape.0' : undefined} data-testid="comment" data-visibility={comment.visibility} data-retracted={retracted}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {comment.authorName}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(comment.createdAt)} · turn {comment.turn}
          </Text>
          {(isPrivate || markPublic) && (
            <Badge size="xs" variant="light" color={isPrivate ? 'grape' : 'blue'} title={isPrivate ? 'Seen by the package’s reviewers only' : 'Seen by the author team and the reviewers'}>
              {isPrivate ? 'Private: reviewers only' : 'Public'}
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
        <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
          <Markdown source={comment.body ?? ''} />
        </Text>
      )}
      <ErrorAlert error={retract.error} title="The comment was not retracted" />
    </Paper>
  );
}

function CommentForm({ packageId, subjectType, subjectId, canCommentPrivately }: Pick<CommentThreadProps, 'packageId' | 'subjectType' | 'subjectId' | 'canCommentPrivately'>) {
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
          aria-label={BOX_LABELS[subjectType]}
          placeholder="Write a comment (Markdown: **bold**, *italic*, `code`, lists, links)"
          autosize
          minRows={2}
          maxRows={8}
          maxLength={COMMENT_MAX_LENGTH}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={error}
        />
        <Group gap="xs" justify="space-between">
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
            <Text size="xs" c="dimmed">
              Public: the author team and the reviewers see it.
            </Text>
          )}
          <Button type="submit" size="xs" loading={add.isPending}>
            Comment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
