import { Badge, UnstyledButton } from '@mantine/core';
import type { FileVersion } from '../../../../../common/contracts/packages.contract';
import { VERDICT_COLORS, VERDICT_LABELS } from '../../../lib/package-format';

interface CheckBadgeProps {
  check: FileVersion['check'];
  path: string;
  /** Opens the findings of this version. */
  onOpen: () => void;
}

/** The verdict of a file version's automated check; a button that opens its findings. */
export function CheckBadge({ check, path, onOpen }: CheckBadgeProps) {
  if (!check) {
    return (
      <Badge color="gray" variant="outline" data-verdict="">
        Not checked
      </Badge>
    );
  }
  const unreadable = check.status === 'unreadable';
  const label = unreadable ? 'Unreadable' : `${VERDICT_LABELS[check.verdict]}${check.findings > 0 ? ` · ${check.findings}` : ''}`;
  return (
    <UnstyledButton onClick={onOpen} aria-label={`Check results of ${path}: ${label}`}>
      <Badge color={unreadable ? 'orange' : VERDICT_COLORS[check.verdict]} variant="light" data-verdict={check.verdict} style={{ cursor: 'pointer' }}>
        {label}
      </Badge>
    </UnstyledButton>
  );
}
