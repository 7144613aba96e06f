/**
 * The package page's redaction proposals (issue 13): shown once a reviewer has proposed one. The
 * author team accepts or declines pending proposals here, after reading each one's diff;
 * reviewers follow the state of theirs.
 */
import { Text } from '@mantine/core';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { RedactionProposalList } from '../../../components/redaction/RedactionProposalList';
import { Section } from '../../../components/ui/Section';
import { useRedactionProposals } from '../../../lib/redaction';

export function RedactionProposalsSection({ pkg }: { pkg: Package }) {
  const proposals = useRedactionProposals(pkg.id, pkg.reviewTurn > 0);
  if (!proposals.data || proposals.data.proposals.length === 0) return null;
  const pending = proposals.data.proposals.filter((p) => p.status === 'pending' && !p.stale).length;
  return (
    <Section title="Redaction proposals">
      {pending > 0 && proposals.data.abilities.accept && (
        <Text size="sm" data-testid="proposals-waiting">
          {pending === 1 ? 'A reviewer proposes a redaction' : `Reviewers propose ${pending} redactions`}: read the diff, then accept or decline.
        </Text>
      )}
      <RedactionProposalList pkg={pkg} list={proposals.data} />
    </Section>
  );
}
