import { Alert, Stack, Tabs, Text } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { WORK_PACKAGE_KIND_LABELS } from '../../../../../common/vocab/statuses';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { TierBadge } from '../../../components/ui/TierBadge';
import { formatDateTime } from '../../../lib/format';
import { useProject } from '../../../lib/projects';
import { usePackage, useRefreshPackage } from '../../../lib/packages';
import { showsApprovalPanel } from '../approval-view';
import { ChecksSummary } from './ChecksSummary';
import { ContextSection } from './ContextSection';
import { FilesSection } from './FilesSection';
import { FindingResolutions } from './FindingResolutions';
import { HandoverDecisions } from './HandoverDecisions';
import { OutputAreaSection } from './OutputAreaSection';
import { PackageActions } from './PackageActions';
import { PackageComments } from './PackageComments';
import { PackageHistory } from './PackageHistory';
import { PackageStatusBadge } from '../../../components/package/PackageStatusBadge';
import { RedactionProposalsSection } from './RedactionProposalsSection';
import { RemovalRegister } from './RemovalRegister';
import { ReturnedToDo } from './ReturnedToDo';
import { SignOffPanel } from './SignOffPanel';
import { PackageDestination } from './PackageDestination';
import { ReleaseSection, showsReleaseSection } from './ReleaseSection';
import { SubmissionChecklist } from './SubmissionChecklist';
import { UploadSection } from './UploadSection';
import { paths } from '../../../lib/paths';

/**
 * /packages/:packageId — an egress package: what approval still needs and the sign-offs, its
 * redaction proposals, files, context, checks, a handover's decisions, overrides and acknowledgements, the register
 * with its discussions, the comment thread and the history. `reviewLink` is the review feature's
 * link to its workbench, which the app passes in (features do not import each other).
 */
export function PackagePage({ packageId, reviewLink }: { packageId: string; reviewLink?: (pkg: Package) => ReactNode }) {
  const pkg = usePackage(packageId);
  return (
    <QueryState query={pkg} rows={8}>
      {(data) => <PackageView pkg={data} reviewLink={reviewLink} />}
    </QueryState>
  );
}

function PackageView({ pkg, reviewLink }: { pkg: Package; reviewLink?: (pkg: Package) => ReactNode }) {
  const project = useProject(pkg.projectId);
  const refresh = useRefreshPackage(pkg.id);
  const wpPath = paths.workPackage(pkg.id);

  // When the server moves the package on (checks finished), the files' verdicts changed too.
  const lastStatus = useRef(pkg.status);
  useEffect(() => {
    if (lastStatus.current !== pkg.status) {
      lastStatus.current = pkg.status;
      void refresh();
    }
  }, [pkg.status, refresh]);

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.home() },
          { label: project.data?.project.name ?? 'Project', to: paths.project(pkg.projectId) },
          { label: pkg.workPackage.name, to: wpPath },
        ]}
        title={`${pkg.workPackage.name}: egress package`}
        badges={
          <>
            <PackageStatusBadge status={pkg.status} data-testid="package-status" />
            <TierBadge tier={pkg.workPackage.tier} data-testid="package-tier" emptyLabel="Not classified yet" />
            <Text size="sm" c="dimmed">
              {WORK_PACKAGE_KIND_LABELS[pkg.workPackage.kind]}
              {pkg.reviewTurn > 0 && ` · review turn ${pkg.reviewTurn}`}
              {pkg.submittedAt && ` · submitted ${formatDateTime(pkg.submittedAt)}`}
            </Text>
          </>
        }
        actions={
          <>
            {reviewLink?.(pkg)}
            <PackageActions pkg={pkg} />
          </>
        }
      />
      {pkg.failure && (
        <Alert color="red" title={`Failed during ${pkg.failure.stage}`} mb="lg" data-testid="package-failure">
          {pkg.failure.reason || 'No reason was recorded.'}
        </Alert>
      )}
      {pkg.statusComment && (
        <Alert color={pkg.status === 'returned' ? 'orange' : 'gray'} title="Comment on the latest decision" mb="lg" data-testid="package-comment">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {pkg.statusComment}
          </Text>
        </Alert>
      )}
      <ReturnedToDo pkg={pkg} />
      <SubmissionChecklist pkg={pkg} />
      <Stack gap="lg">
        {showsApprovalPanel(pkg.status, pkg.reviewTurn) && <SignOffPanel pkg={pkg} />}
        {showsReleaseSection(pkg) && <ReleaseSection pkg={pkg} />}
        <Section title="Automated checks">
          <ChecksSummary pkg={pkg} />
        </Section>
        {pkg.abilities.edit === true && <AddFilesSection pkg={pkg} />}
        <RedactionProposalsSection pkg={pkg} />
        <FilesSection pkg={pkg} />
        <ContextSection pkg={pkg} />
        <PackageDestination pkg={pkg} />
        {pkg.workPackage.kind === 'egress_handover' && <HandoverDecisions pkg={pkg} />}
        {pkg.reviewTurn > 0 && <FindingResolutions packageId={pkg.id} />}
        <RemovalRegister pkg={pkg} />
        <PackageComments packageId={pkg.id} />
        <PackageHistory packageId={pkg.id} />
      </Stack>
    </>
  );
}

/** Upload from this computer, or copy from the project's output area (browsed only once opened). */
function AddFilesSection({ pkg }: { pkg: Package }) {
  const [tab, setTab] = useState<string | null>('upload');
  const [browsed, setBrowsed] = useState(false);
  return (
    <Section title="Add files">
      <Tabs
        value={tab}
        onChange={(value) => {
          setTab(value);
          if (value === 'output-area') setBrowsed(true);
        }}
        keepMounted
      >
        <Tabs.List>
          <Tabs.Tab value="upload">Upload</Tabs.Tab>
          <Tabs.Tab value="output-area">From the output area</Tabs.Tab>
        </Tabs.List>
        {/* Kept mounted: switching tabs must not stop uploads in progress. */}
        <Tabs.Panel value="upload" pt="sm">
          <UploadSection packageId={pkg.id} />
        </Tabs.Panel>
        <Tabs.Panel value="output-area" pt="sm">
          {browsed && <OutputAreaSection projectId={pkg.projectId} packageId={pkg.id} />}
        </Tabs.Panel>
      </Tabs>
    </Section>
  );
}
