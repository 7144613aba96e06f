import { Section } from '../../../components/ui/Section';
import { useReviewAbilities } from '../../../lib/package-approval';
import { CommentThread } from '../../../components/package/CommentThread';

/**
 * The package's own comment thread (issue 10 §4): public comments for everyone who sees the
 * package, private ones for its reviewers; who may write which comes from the review summary's
 * abilities, so the page never re-derives the rule.
 */
export function PackageComments({ packageId }: { packageId: string }) {
  const review = useReviewAbilities(packageId);
  const abilities = review.data?.abilities;
  return (
    <Section title="Comments">
      <CommentThread
        packageId={packageId}
        subjectType="package"
        subjectId={packageId}
        canComment={abilities?.comment === true}
        canCommentPrivately={abilities?.commentPrivately === true}
        label="Comments on the package"
      />
    </Section>
  );
}
