/**
 * One comment thread (the package's, or one file's): the comments the caller may see, oldest
 * first, with Markdown rendered safely (components/ui/Markdown: text stays text), retracted
 * ones kept as "retracted" with author and time, and a form to add one — public or, for
 * reviewers, private.
 */
import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { Comment } from '../../../../../common/contracts/comments.contract';
import type { CommentSubjectType, CommentVisibility } from '../../../../../common/vocab/review';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Markdown } from '../../../components/ui/Markdown';
import { formatDateTime } from '../../../lib/format';
import { useAddComment, useRetractComment } from '../api';

const COMMENT_MAX = 10_000;

interface CommentThreadProps {
  packageId: string;
  subjectType: Extract<CommentSubjectType, 'package' | 'file'>;
  subjectId: string;
  comments: Comment[];
  canComment: boolean;
  canCommentPrivately: boolean;
  /** What the empty thread says. */
  empty: string;
}

export function CommentThread({ packageId, subjectType, subjectId, comments, canComment, canCommentPrivately, empty }: CommentThreadProps) {
  const add = useAddComment(packageId);
  const retract = useRetractComment(packageId);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<CommentVisibility>('public');
  const thread = comments.filter((c) => c.subjectType === subjectType && c.subjectId === subjectId);
  return (
    <Stack gap="xs" data-testid={`comments-${subjectType}`}>
      {thread.length === 0 ? (
        <EmptyNote>{empty}</EmptyNote>
      ) : (
        thread.map((c) => (
          <Paper key={c.id} withBorder p="xs" radius="sm" bg={c.visibility === 'private' ? 'grape.0' : undefined} data-testid="comment" data-visibility={c.visibility}>
            <Group gap={6}>
              <Text size="xs" fw={600}>
                {c.authorName}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(c.createdAt)} · turn {c.turn}
              </Text>
              <Badge size="xs" variant="light" color={c.visibility === 'private' ? 'grape' : 'blue'}>
                {c.visibility === 'private' ? 'Private: reviewers only' : 'Public'}
              </Badge>
            </Group>
            {c.retractedAt ? (
              <Text size="xs" c="dimmed" fs="italic">
                Retracted {formatDateTime(c.retractedAt)}.
              </Text>
            ) : (
              <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
                <Markdown source={c.body ?? ''} />
              </Text>
            )}
            {c.mine && !c.retractedAt && (
              <Group justify="flex-end">
                <Button size="compact-xs" variant="subtle" color="gray" onClick={() => retract.mutate(c.id)} loading={retract.isPending && retract.variables === c.id}>
                  Retract
                </Button>
              </Group>
            )}
          </Paper>
        ))
      )}
      <ErrorAlert error={retract.error} title="The comment was not retracted" />
      {canComment && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (body.trim() === '') return;
            add.mutate({ subjectType, subjectId, visibility, body }, { onSuccess: () => setBody('') });
          }}
        >
          <Stack gap={6}>
            <Textarea
              aria-label={subjectType === 'file' ? 'Comment on this file' : 'Comment on the package'}
              placeholder="Write a comment (Markdown: **bold**, *italic*, `code`, lists, links)"
              autosize
              minRows={2}
              maxRows={8}
              maxLength={COMMENT_MAX}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
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
                  Public: reviewers and the authors see it.
                </Text>
              )}
              <Button type="submit" size="xs" loading={add.isPending} disabled={add.isPending || body.trim() === ''}>
                Comment
              </Button>
            </Group>
            <ErrorAlert error={add.error} title="The comment was not added" />
          </Stack>
        </form>
      )}
    </Stack>
  );
}
