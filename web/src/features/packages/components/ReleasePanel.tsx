/**
 * The release of a released (or revoked) package: where a push or folder export put the bundle
 * (verified by reading it back), its download links with expiry, downloads
 * against the limit, allow-list and state; "New link" for a system manager and "Revoke" for a
 * system manager or the DPR, each with a confirmation that says what will happen; the revocation
 * (who, when, why) once revoked. What the caller may do comes from the server's abilities.
 */
import { Alert, Badge, Button, Code, Group, Modal, NumberInput, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { type IssuedLink, type Release, type ReleaseDelivery, issueLinkRequestSchema, revokeReleaseRequestSchema } from '../../../../../common/contracts/releases.contract';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { formatBytes } from '../../../lib/package-format';
import { useIssueLink, useRelease, useRevokeRelease } from '../../../lib/package-release';

const STATE_COLOURS = { active: 'green', expired: 'gray', exhausted: 'gray', revoked: 'red' } as const;

interface LinkValues {
  lifetimeHours: number;
  maxDownloads: number;
  allowedNetworks: string;
}

const toLinkRequest = (v: LinkValues) => ({
  lifetimeHours: v.lifetimeHours,
  maxDownloads: v.maxDownloads,
  allowedNetworks: v.allowedNetworks
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== ''),
});

const validateLink = contractValidator(issueLinkRequestSchema, toLinkRequest, {
  lifetimeHours: 'Give the link’s lifetime in whole hours',
  maxDownloads: 'Allow between 1 and 100 downloads',
  allowedNetworks: 'Give at most 20 addresses or networks',
});

function NewLinkForm({ pkg, release, onClose }: { pkg: Package; release: Release; onClose: () => void }) {
  const issue = useIssueLink(pkg.id);
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const maxHours = release.linkLifetimeHours ?? 1;
  const form = useForm<LinkValues>({ initialValues: { lifetimeHours: maxHours, maxDownloads: 3, allowedNetworks: '' }, validate: validateLink });
  if (issued) {
    return (
      <Stack>
        <Alert color="green" title="Link issued">
          Copy it now: it is shown only once and cannot be shown again.
        </Alert>
        <Code block data-testid="issued-link">{`${window.location.origin}${issued.path}`}</Code>
        <Button onClick={onClose}>Done</Button>
      </Stack>
    );
  }
  return (
    <form onSubmit={form.onSubmit((v) => issue.mutate(issueLinkRequestSchema.parse(toLinkRequest(v)), { onSuccess: setIssued }))} noValidate>
      <Stack>
        <Text size="sm">A new link lets whoever holds it download the sealed bundle, without a new approval. It lives at most {maxHours} hours (the tier’s limit) from now.</Text>
        <ErrorAlert error={issue.error} title="Could not issue the link" />
        <NumberInput label="Lifetime (hours)" min={1} max={maxHours} {...form.getInputProps('lifetimeHours')} />
        <NumberInput label="Downloads allowed" min={1} max={100} {...form.getInputProps('maxDownloads')} />
        <TextInput label="Allowed networks (optional)" description="Addresses or CIDRs, separated by commas, e.g. 192.0.2.0/24" {...form.getInputProps('allowedNetworks')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={issue.isPending}>
            Issue link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const validateRevoke = contractValidator(revokeReleaseRequestSchema, (v: { reason: string; version: number }) => v, { reason: 'Say why the release is revoked' });

function RevokeForm({ pkg, onClose }: { pkg: Package; onClose: () => void }) {
  const revoke = useRevokeRelease(pkg.id);
  const form = useForm({ initialValues: { reason: '', version: pkg.version }, validate: validateRevoke });
  return (
    <form onSubmit={form.onSubmit((v) => revoke.mutate(revokeReleaseRequestSchema.parse(v), { onSuccess: onClose }))} noValidate>
      <Stack>
        <Alert color="red" title="This cannot be undone">
          Every download link stops working at once, the released files can no longer be read, and the package stays revoked. Recipients who already downloaded the bundle must be asked to delete it.
        </Alert>
        <ErrorAlert error={revoke.error} title="Could not revoke the release" />
        <Textarea label="Reason" withAsterisk autosize minRows={2} {...form.getInputProps('reason')} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={revoke.isPending}>
            Revoke the release
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Where a push or a folder export put the bundle, each object with the sha256 it read back. */
function DeliveryReceipt({ delivery, method }: { delivery: ReleaseDelivery; method: Release['method'] }) {
  return (
    <Alert color="green" title={method === 'folder_export' ? 'Exported to the folder and read back' : 'Pushed to the recipient’s container and read back'} data-testid="release-delivery">
      <Stack gap={4}>
        <Text size="sm">
          Verified on {new Date(delivery.at).toLocaleString()}: every object read back with the sha256 that was sent.
          {method === 'folder_export' ? ' Hand the folder over; the recipient deletes it if the release is revoked.' : ''}
        </Text>
        {delivery.objects.map((o) => (
          <Text key={o.name} size="sm" style={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
            {delivery.location.endsWith('/') ? delivery.location : `${delivery.location}/`}
            {o.name} · {formatBytes(o.bytes)} · sha256 {o.sha256}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

export function ReleasePanel({ pkg }: { pkg: Package }) {
  const release = useRelease(pkg.id, pkg.status === 'released' || pkg.status === 'revoked');
  const [dialog, setDialog] = useState<'link' | 'revoke' | null>(null);
  if (!release.data) return <ErrorAlert error={release.error} title="Could not load the release" />;
  const r = release.data;
  return (
    <Stack data-testid="release-panel">
      {r.revocation && (
        <Alert color="red" title="Release revoked">
          Revoked on {new Date(r.revocation.at).toLocaleString()} by {r.revocation.byName ?? 'someone'}: {r.revocation.reason}
        </Alert>
      )}
      {r.delivery && <DeliveryReceipt delivery={r.delivery} method={r.method} />}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Issued</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Downloads</Table.Th>
            <Table.Th>Allowed from</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.links.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>
                {new Date(l.createdAt).toLocaleString()}
                {l.createdBy ? ` by ${l.createdBy}` : ''}
              </Table.Td>
              <Table.Td>{new Date(l.expiresAt).toLocaleString()}</Table.Td>
              <Table.Td>
                {l.downloads} of {l.maxDownloads}
              </Table.Td>
              <Table.Td>{l.allowedNetworks?.join(', ') ?? 'anywhere'}</Table.Td>
              <Table.Td>
                <Badge color={STATE_COLOURS[l.state]}>{l.state}</Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {r.links.length === 0 && <Text size="sm">No download links.</Text>}
      <Group>
        {r.abilities.issueLink && <Button onClick={() => setDialog('link')}>New link</Button>}
        {r.abilities.revoke && (
          <Button color="red" variant="outline" onClick={() => setDialog('revoke')}>
            Revoke
          </Button>
        )}
      </Group>
      <Modal opened={dialog === 'link'} onClose={() => setDialog(null)} title="New download link">
        <NewLinkForm pkg={pkg} release={r} onClose={() => setDialog(null)} />
      </Modal>
      <Modal opened={dialog === 'revoke'} onClose={() => setDialog(null)} title="Revoke the release">
        <RevokeForm pkg={pkg} onClose={() => setDialog(null)} />
      </Modal>
    </Stack>
  );
}
