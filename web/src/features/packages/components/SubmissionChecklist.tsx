import { Alert, List, Text } from '@mantine/core';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { CheckMark } from '../../../components/ui/CheckMark';

/**
 * What the package still needs before Submit works, as the server reports it: at least one
 * output file, and every item of `missingContext`. Shown while the user may submit.
 */
export function SubmissionChecklist({ pkg }: { pkg: Package }) {
  const canSubmit = pkg.abilities.submit === true || pkg.abilities.resubmit === true;
  if (!canSubmit) return null;
  const hasOutput = pkg.totals.outputs > 0;
  const ready = hasOutput && pkg.missingContext.length === 0;
  return (
    <Alert color={ready ? 'teal' : 'blue'} title={ready ? 'Ready to submit' : 'Before you can submit'} data-testid="submission-checklist" mb="lg">
      <List spacing={4} size="sm" center aria-label="Submission checklist">
        <List.Item icon={<CheckMark done={hasOutput} />} data-done={hasOutput}>
          At least one output file (a file to release; supporting and temporarily removed files do not count)
        </List.Item>
        {pkg.missingContext.length === 0 ? (
          <List.Item icon={<CheckMark done />} data-done>
            Context complete
          </List.Item>
        ) : (
          pkg.missingContext.map((item) => (
            <List.Item key={item} icon={<CheckMark done={false} />} data-done={false}>
              Fill in {item}
            </List.Item>
          ))
        )}
      </List>
      {ready && (
        <Text size="xs" c="dimmed" mt="xs">
          Submitting starts the automated checks; reviewers see the package once they finish.
        </Text>
      )}
    </Alert>
  );
}
