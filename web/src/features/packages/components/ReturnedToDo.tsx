import { Alert, Stack, Text } from '@mantine/core';
import type { Comment } from '../../../../../common/contracts/comments.contract';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { usePackageFiles } from '../../../lib/packages';
import { useComments } from '../../../lib/package-approval';
import { CommentItem } from '../../../components/package/CommentThread';

/**
 * A returned package's to-do list (issue 10 §4): the public comments of the turn it was returned
 * in, on the package, its files and its removed items, shown above the files so the author team
 * knows what to change before resubmitting.
 */
export function ReturnedToDo({ pkg }: { pkg: Package }) {
  const returned = pkg.status === 'returned' && pkg.reviewTurn > 0;
  const comments = useComments(pkg.id, { turn: pkg.reviewTurn, visibility: 'public' }, returned);
  const files = usePackageFiles(pkg.id);
  if (!returned) return null;
  if (comments.isError) return <ErrorAlert error={comments.error} title="The reviewers’ comments could not be loaded" />;
  const list = (comments.data?.comments ?? []).filter((c) => c.retractedAt === null);
  if (list.length === 0) return null;

  const paths = new Map<string, string>();
  for (const page of files.data?.pages ?? []) for (const f of page.files) paths.set(f.id, f.path);
  for (const r of pkg.removals) paths.set(r.id, r.path);
  const subjectOf = (c: Comment): string => {
    if (c.subjectType === 'package') return 'On the package';
    const path = paths.get(c.subjectId);
    if (c.subjectType === 'removal') return `On the removed item ${path ?? ''}`.trim();
    return path ? `On ${path}` : 'On a file';
  };

  return (
    <Alert color="orange" variant="light" title={pkg.abilities.edit === true ? 'To do before you resubmit' : 'What the reviewers asked for'} data-testid="returned-to-do" mb="lg">
      <Stack gap="xs">
        <Text size="sm">The public comments of review turn {pkg.reviewTurn}:</Text>
        {list.map((c) => (
          <Stack key={c.id} gap={2}>
            <Text size="xs" fw={600} c="dimmed" ff={c.subjectType === 'package' ? undefined : 'monospace'}>
              {subjectOf(c)}
            </Text>
            <CommentItem packageId={pkg.id} comment={c} withRetract={false} />
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}
