import { Badge, Group, Paper, SegmentedControl, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { FILE_OUTCOME_LABELS, REVIEW_DECISION_LABELS } from '../../../../../common/vocab/review';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { VERDICT_COLORS, VERDICT_LABELS } from '../../../lib/package-format';
import { DECISION_COLORS, DECISION_SHORT_LABELS, OUTCOME_COLORS } from '../format';
import { FILE_FILTERS, FILE_FILTER_LABELS, type FileFilter, type WorkbenchFile } from '../workbench-list';

interface WorkbenchFileListProps {
  files: WorkbenchFile[];
  filter: FileFilter;
  onFilter: (filter: FileFilter) => void;
  selected: string | null;
  onSelect: (fileId: string) => void;
  /** Whether to show "my decision" (reviewers only). */
  reviewer: boolean;
  loadingMore: boolean;
}

/** The left column: the files of the package, each with its verdict, outcome and the caller's decision. */
export function WorkbenchFileList({ files, filter, onFilter, selected, onSelect, reviewer, loadingMore }: WorkbenchFileListProps) {
  const selectedRef = useRef<HTMLButtonElement | null>(null);
  // Keep the selected file in view while j/k move through a long list. (Braces: newer browsers'
  // scrollIntoView returns a promise, which an effect must not return.)
  useEffect(() => {
    void selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const filters = FILE_FILTERS.filter((f) => reviewer || f !== 'undecided');
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        fullWidth
        value={filter}
        onChange={(value) => onFilter(value as FileFilter)}
        data={filters.map((f) => ({ value: f, label: FILE_FILTER_LABELS[f] }))}
        aria-label="Show files"
        data-testid="file-filter"
        title="All files; the outputs still needing your decision; the files the checks flagged or whose findings wait for an answer"
      />
      {files.length === 0 ? (
        <EmptyNote>{filter === 'undecided' ? 'Every output has your decision.' : filter === 'flagged' ? 'No flagged files.' : 'No files.'}</EmptyNote>
      ) : (
        <Stack gap={4} component="nav" aria-label="Files to review" data-testid="workbench-files">
          {files.map((file) => {
            const current = file.fileId === selected;
            return (
              <UnstyledButton
                key={file.fileId}
                ref={current ? selectedRef : undefined}
                onClick={() => onSelect(file.fileId)}
                aria-current={current ? 'true' : undefined}
                data-testid="workbench-file"
                data-path={file.path}
                data-selected={current}
                data-my-decision={file.myDecision?.decision ?? ''}
                data-outcome={file.outcome ?? ''}
              >
                <Paper p={6} radius="sm" withBorder bg={current ? 'indigo.0' : undefined} style={{ borderColor: current ? 'var(--mantine-color-indigo-5)' : undefined }}>
                  <Text size="xs" ff="monospace" fw={current ? 600 : 400} style={{ wordBreak: 'break-all' }} lineClamp={2} title={file.path}>
                    {file.path}
                  </Text>
                  <Group gap={4} mt={4}>
                    {file.role === 'supporting' && (
                      <Badge size="xs" variant="outline" color="gray">
                        Supporting
                      </Badge>
                    )}
                    {file.removed && (
                      <Badge size="xs" variant="light" color="orange">
                        Removed
                      </Badge>
                    )}
                    {file.unreadable ? (
                      <Badge size="xs" variant="light" color="orange" data-verdict="unreadable">
                        Unreadable
                      </Badge>
                    ) : (
                      file.verdict && (
                        <Badge size="xs" variant="light" color={VERDICT_COLORS[file.verdict]} data-verdict={file.verdict} title={`Automated check: ${VERDICT_LABELS[file.verdict]}`}>
                          {VERDICT_LABELS[file.verdict]}
                        </Badge>
                      )
                    )}
                    {file.outcome && file.needsDecision && (
                      <Badge size="xs" variant="dot" color={OUTCOME_COLORS[file.outcome]} title={`Outcome: ${FILE_OUTCOME_LABELS[file.outcome]}`}>
                        {FILE_OUTCOME_LABELS[file.outcome]}
                      </Badge>
                    )}
                    {reviewer && file.needsDecision && (
                      <Badge
                        size="xs"
                        variant={file.myDecision ? 'filled' : 'outline'}
                        color={file.myDecision ? DECISION_COLORS[file.myDecision.decision] : 'gray'}
                        title={file.myDecision ? `Your decision: ${REVIEW_DECISION_LABELS[file.myDecision.decision]}` : 'You have not decided yet'}
                      >
                        {file.myDecision ? `Me: ${DECISION_SHORT_LABELS[file.myDecision.decision]}` : 'To decide'}
                      </Badge>
                    )}
                  </Group>
                </Paper>
              </UnstyledButton>
            );
          })}
        </Stack>
      )}
      {loadingMore && (
        <Text size="xs" c="dimmed">
          Loading more files…
        </Text>
      )}
    </Stack>
  );
}
