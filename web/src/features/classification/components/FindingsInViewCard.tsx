import { List, Paper, Stack, Text, Title } from '@mantine/core';
import type { FindingsInView } from '../../../../../common/contracts';

/**
 * The egress package's findings beside the questions: per finding family, how many output
 * files have such findings. Counts only; the findings themselves are on the package's page.
 */
export function FindingsInViewCard({ findings }: { findings: FindingsInView }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="findings-in-view" data-testid="findings-in-view">
      <Stack gap="xs">
        <Title order={2} size="h5" id="findings-in-view">
          What the automated checks found
        </Title>
        {findings.families.length === 0 ? (
          <Text size="sm" c="dimmed">
            No output file of this package has findings that need a look.
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {findings.families.map((f) => (
              <List.Item key={f.family}>{f.description}</List.Item>
            ))}
          </List>
        )}
        {findings.unchecked > 0 && (
          <Text size="xs" c="dimmed">
            {findings.unchecked} output {findings.unchecked === 1 ? 'file has' : 'files have'} not been checked yet.
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Keep these in mind as you answer: an answer that contradicts them needs an explanation.
        </Text>
      </Stack>
    </Paper>
  );
}
