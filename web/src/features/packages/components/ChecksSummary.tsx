import { Badge, Group, Text } from '@mantine/core';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { VERDICT_COLORS } from '../../../lib/package-format';

/** How the files of the package fared in the automated checks, as counts. */
export function ChecksSummary({ pkg }: { pkg: Package }) {
  const { pass, review, block, pending } = pkg.checks;
  return (
    <Group gap="xs" data-testid="checks-summary" aria-label="Automated checks">
      <Badge color={VERDICT_COLORS.pass} variant="light" data-count={pass}>
        {pass} pass
      </Badge>
      <Badge color={VERDICT_COLORS.review} variant="light" data-count={review}>
        {review} to review
      </Badge>
      <Badge color={VERDICT_COLORS.block} variant="light" data-count={block}>
        {block} blocking
      </Badge>
      <Badge color="gray" variant="outline" data-count={pending}>
        {pending} not checked yet
      </Badge>
      {pkg.status === 'checking' && (
        <Text size="xs" c="dimmed">
          Checks are running; this page refreshes by itself.
        </Text>
      )}
    </Group>
  );
}
