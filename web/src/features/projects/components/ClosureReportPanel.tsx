/**
 * The "Closure report" of a closed project (docs/closure.md): its two documents, as downloads for
 * the project's managers, with the sha256 the audit chain holds; others see that it exists.
 */
import { Anchor, Code, Group, Stack, Text } from '@mantine/core';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { closureReportUrl, useClosureReport } from '../closure-report.api';

export function ClosureReportPanel({ projectId, closed }: { projectId: string; closed: boolean }) {
  const query = useClosureReport(projectId, closed);
  if (!closed) return null;
  return (
    <QueryState query={query} rows={1}>
      {(info) =>
        info.report === null ? (
          <Text size="sm">This project closed before closure reports were written; it has none.</Text>
        ) : (
          <Stack gap={4} aria-label="Closure report" data-testid="closure-report">
            <Text fw={600}>Closure report</Text>
            <Text size="sm">Written when the project closed, {formatDateTime(info.report.generatedAt)}. Its sha256 is in the audit chain.</Text>
            {info.abilities.download ? (
              <Group gap="md">
                <Anchor href={closureReportUrl(projectId, 'pdf')} download>
                  Download the closure report (PDF)
                </Anchor>
                <Anchor href={closureReportUrl(projectId, 'html')} download>
                  Download the closure report (HTML)
                </Anchor>
              </Group>
            ) : (
              <Text size="sm">The project’s managers can download it.</Text>
            )}
            <Text size="xs">
              PDF sha256 <Code>{info.report.pdf.sha256}</Code>
            </Text>
            <Text size="xs">
              HTML sha256 <Code>{info.report.html.sha256}</Code>
            </Text>
          </Stack>
        )
      }
    </QueryState>
  );
}
