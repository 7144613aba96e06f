import { Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import type { ClosureChecklist, ClosureGap } from '../../../../../common/contracts/closure.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { describeFates, describeInventory, groupGaps } from '../closure-view';

interface ClosureChecklistViewProps {
  checklist: ClosureChecklist;
  formatTime: (iso: string) => string;
  /** Mark files (when the caller may): with a path to start from, or none. */
  onMark?: (path?: string) => void;
  /** Waive one gap (when the caller may). */
  onWaive?: (gap: ClosureGap) => void;
}

/**
 * The closure checklist as the server computed it: the inventory, the files by fate, every gap
 * grouped by kind (with marking or waiving offered where the caller's abilities allow), and the
 * waivers in force with their reasons.
 */
export function ClosureChecklistView({ checklist, formatTime, onMark, onWaive }: ClosureChecklistViewProps) {
  const groups = groupGaps(checklist);
  const canMark = checklist.abilities.markFiles && onMark !== undefined;
  const canWaive = checklist.abilities.waive && onWaive !== undefined;
  return (
    <Stack gap="sm" data-testid="closure-checklist">
      <Group gap="xs">
        {checklist.complete ? (
          <Badge color="green" data-testid="closure-complete">
            Everything accounted for
          </Badge>
        ) : (
          <Badge color="orange" data-testid="closure-gap-total">
            {checklist.gapTotal} item{checklist.gapTotal === 1 ? '' : 's'} not accounted for
          </Badge>
        )}
        <Text size="sm">{describeFates(checklist.files)}</Text>
      </Group>
      <Text size="sm" c="dimmed">
        {describeInventory(checklist.inventory, formatTime)}
      </Text>
      {groups.length === 0 && <EmptyNote>{checklist.projectStatus === 'closed' ? 'Closed with everything accounted for.' : 'No gaps: the project may close.'}</EmptyNote>}
      {groups.map((group) => (
        <Stack key={group.code} gap={4} data-testid={`gap-group-${group.code}`}>
          <Text size="sm" fw={600}>
            {group.label} ({group.count})
          </Text>
          <List size="sm" spacing={2}>
            {group.gaps.map((gap) => (
              <List.Item key={`${gap.code}:${gap.key}`}>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">{gap.detail}</Text>
                  {!gap.waivable && canMark && (
                    <Button size="compact-xs" variant="subtle" onClick={() => onMark?.(gap.key)}>
                      Mark
                    </Button>
                  )}
                  {gap.waivable && canWaive && (
                    <Button size="compact-xs" variant="subtle" color="orange" onClick={() => onWaive?.(gap)}>
                      Waive
                    </Button>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
          {group.gaps.length < group.count && (
            <Text size="xs" c="dimmed">
              … and {group.count - group.gaps.length} more
            </Text>
          )}
        </Stack>
      ))}
      {checklist.waivers.length > 0 && (
        <Stack gap={4} data-testid="closure-waivers">
          <Text size="sm" fw={600}>
            Waived
          </Text>
          <List size="sm" spacing={2}>
            {checklist.waivers.map((w) => (
              <List.Item key={w.id}>
                {w.code.replace('closure.', '').replaceAll('_', ' ')} · {w.reason} — {w.by?.name ?? 'the command line'}, {formatTime(w.at)}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
