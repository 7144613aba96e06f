import { Button } from '@mantine/core';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { linkProps } from '../../../lib/navigation';
import { useReviewSummary } from '../api';
import { paths } from '../../../lib/paths';

/** Statuses in which the workbench has something for the author team too (outcomes, comments, exception requests). */
const REVIEW_STATUSES = new Set(['in_review', 'returned']);

/** "Open the review workbench", on the package page, for the package's reviewers and while the package is in (or back from) review. */
export function ReviewWorkbenchLink({ pkg }: { pkg: Package }) {
  const summary = useReviewSummary(pkg.id, pkg.reviewTurn > 0);
  if (!summary.data?.reviewer && !REVIEW_STATUSES.has(pkg.status)) return null;
  return (
    <Button variant="filled" color="indigo" {...linkProps(paths.review(pkg.id))} component="a" data-testid="open-workbench">
      Open the review workbench
    </Button>
  );
}
