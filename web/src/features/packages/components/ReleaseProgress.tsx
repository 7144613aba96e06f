/**
 * A release while its job runs: the steps sealing → sealed → delivered → released in words on a
 * progress bar, the release polled every second until it is released or failed. A failed attempt
 * is no longer the package's live release (the server answers `release.not_found`), so the page
 * refreshes the package, which then shows the failure.
 */
import { Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ReleaseStep } from '../../../../../common/vocab/release';
import { useReleaseProgress } from '../../../lib/package-release';
import { useRefreshPackage } from '../../../lib/packages';

const SHOWN: { step: ReleaseStep; words: string }[] = [
  { step: 'sealing', words: 'Sealing' },
  { step: 'sealed', words: 'Sealed' },
  { step: 'delivered', words: 'Delivered' },
  { step: 'released', words: 'Released' },
];

/** How far along each step is, in percent (delivering sits between sealed and delivered). */
const PERCENT: Record<ReleaseStep, number> = { sealing: 10, sealed: 40, delivering: 60, delivered: 80, released: 100, failed: 100 };

export function ReleaseProgress({ packageId }: { packageId: string }) {
  const release = useReleaseProgress(packageId, true);
  const refresh = useRefreshPackage(packageId);
  const step = release.data?.step ?? 'sealing';
  const settled = release.isError || step === 'released' || step === 'failed';
  // Once settled, the package has moved on (released or failed): refresh it, once.
  const refreshed = useRef(false);
  useEffect(() => {
    if (settled && !refreshed.current) {
      refreshed.current = true;
      void refresh();
    }
  }, [settled, refresh]);
  const reached = PERCENT[step];
  return (
    <Stack gap="xs" data-testid="release-progress" data-step={step}>
      <Progress value={reached} color={step === 'failed' ? 'red' : step === 'released' ? 'green' : 'blue'} animated={!settled} aria-label={`Release: ${step}`} />
      <Group justify="space-between">
        {SHOWN.map((s) => (
          <Text key={s.step} size="sm" fw={s.step === step ? 700 : 400} c={PERCENT[s.step] <= reached ? undefined : 'dimmed'}>
            {s.words}
          </Text>
        ))}
      </Group>
      {step === 'delivering' && (
        <Text size="sm" c="dimmed">
          Delivering…
        </Text>
      )}
    </Stack>
  );
}
