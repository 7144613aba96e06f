/**
 * The release part of the package page, for everyone who may see the package: before release
 * (approved, or failed while releasing) what will be sent where and, for a system manager, the
 * release form; while releasing, the progress; once released, the links (ReleasePanel). The first
 * link's address is kept here, in memory only, and shown once with a copy button.
 */
import { Alert, Button, Code, CopyButton, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import type { Package } from '../../../../../common/contracts/packages.contract';
import type { IssuedLink } from '../../../../../common/contracts/releases.contract';
import { Section } from '../../../components/ui/Section';
import { useStartRelease } from '../../../lib/package-release';
import { useProject } from '../../../lib/projects';
import { ReleasePanel } from './ReleasePanel';
import { ReleaseProgress } from './ReleaseProgress';
import { StartReleaseForm } from './StartReleaseForm';

/** Whether the package page shows the release section. */
export function showsReleaseSection(pkg: Package): boolean {
  return ['approved', 'releasing', 'released', 'revoked'].includes(pkg.status) || (pkg.status === 'failed' && pkg.failure?.stage === 'releasing');
}

function IssuedLinkOnce({ link, onDismiss }: { link: IssuedLink; onDismiss: () => void }) {
  const url = `${window.location.origin}${link.path}`;
  return (
    <Alert color="yellow" title="Copy the download link now" data-testid="release-link">
      <Stack gap="xs">
        This address is shown only now: it is not stored and cannot be shown again. Anyone who holds it can download the bundle until it expires or runs out of downloads.
        <Code block data-testid="release-link-url">
          {url}
        </Code>
        <Group>
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button size="xs" color={copied ? 'teal' : 'blue'} onClick={copy}>
                {copied ? 'Copied' : 'Copy the link'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDismiss}>
            I have copied it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function ReleaseSection({ pkg }: { pkg: Package }) {
  const project = useProject(pkg.projectId);
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const [started, setStarted] = useState(false);
  const start = useStartRelease(pkg.id, (s) => {
    setStarted(true);
    setIssued(s.link);
  });
  const released = pkg.status === 'released' || pkg.status === 'revoked';
  // The progress stays in view after a release started here, so its end can be seen.
  const progress = pkg.status === 'releasing' || (started && pkg.status !== 'failed');
  return (
    <Section title={pkg.status === 'released' || pkg.status === 'revoked' ? 'Release and download links' : 'Release'}>
      {issued && <IssuedLinkOnce link={issued} onDismiss={() => setIssued(null)} />}
      {progress && <ReleaseProgress packageId={pkg.id} />}
      {released && <ReleasePanel pkg={pkg} />}
      {!progress && !released && <StartReleaseForm pkg={pkg} projectName={project.data?.project.name ?? ''} start={start} />}
    </Section>
  );
}
