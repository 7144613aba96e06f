/**
 * Starting the release of an approved package (or releasing again after a failed release): the
 * registered destination, the outputs the bundle will hold (never supporting files nor removed
 * items), the first link's downloads and lifetime for a download link, and the project's name
 * typed to confirm. Only a system manager the server allows (`abilities.startRelease`) sees the form.
 */
import { Alert, Button, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { useStartRelease } from '../../../lib/package-release';
import type { Destination } from '../../../../../common/contracts/destinations.contract';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { startReleaseRequestSchema } from '../../../../../common/contracts/releases.contract';
import { DELIVERY_METHOD_LABELS, DESTINATION_LABELS } from '../../../../../common/vocab/destinations';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { useDestinations } from '../../../lib/destinations';
import { formatLifetime } from '../../../lib/format';
import { formatBytes } from '../../../lib/package-format';
import { usePackageFiles } from '../../../lib/packages';
import { useWorkPackage } from '../../../lib/work-packages';

interface StartValues {
  confirmation: string;
  maxDownloads: number;
  lifetimeHours: number | '';
}

function DestinationFacts({ destination }: { destination: Destination | undefined }) {
  if (!destination) return <Alert color="orange">The package has no current registered destination: its author team must choose one before it can be released.</Alert>;
  return (
    <Table variant="vertical" withTableBorder data-testid="release-destination">
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={200}>Destination</Table.Th>
          <Table.Td>{destination.name}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Kind</Table.Th>
          <Table.Td>{DESTINATION_LABELS[destination.kind]}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Delivered by</Table.Th>
          <Table.Td>{DELIVERY_METHOD_LABELS[destination.method]}</Table.Td>
        </Table.Tr>
        {destination.recipientKeyFingerprint && (
          <Table.Tr>
            <Table.Th>Recipient key</Table.Th>
            <Table.Td style={{ fontFamily: 'monospace' }}>{destination.recipientKeyFingerprint}</Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/** The outputs the bundle will hold: current, not removed, role output. */
function BundleFiles({ pkg }: { pkg: Package }) {
  const files = usePackageFiles(pkg.id);
  if (!files.data) return <ErrorAlert error={files.error} title="Could not load the files" />;
  const outputs = files.data.pages.flatMap((p) => p.files).filter((f) => f.role === 'output' && !f.removed);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        What will be sent ({outputs.length} {outputs.length === 1 ? 'output' : 'outputs'}; supporting files and removed items are never sent)
      </Text>
      <Table data-testid="release-files">
        <Table.Tbody>
          {outputs.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Td style={{ fontFamily: 'monospace' }}>{f.path}</Table.Td>
              <Table.Td ta="right">{formatBytes(f.current.bytes)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {files.hasNextPage && (
        <Button variant="subtle" size="xs" onClick={() => void files.fetchNextPage()} loading={files.isFetchingNextPage}>
          Show more files
        </Button>
      )}
    </Stack>
  );
}

/** The start mutation, owned by the release section (which stays on the page once the release starts). */
export type StartMutation = ReturnType<typeof useStartRelease>;

function StartForm({ pkg, projectName, destination, start }: { pkg: Package; projectName: string; destination: Destination | undefined; start: StartMutation }) {
  const wp = useWorkPackage(pkg.id);
  const maxHours = wp.data?.policy?.linkLifetimeHours ?? null;
  const isLink = destination?.method === 'link';
  const toRequest = (v: StartValues) => ({
    confirmation: v.confirmation,
    version: pkg.version,
    link: isLink ? { maxDownloads: v.maxDownloads, ...(v.lifetimeHours === '' ? {} : { lifetimeHours: v.lifetimeHours }) } : undefined,
  });
  const validateContract = contractValidator(startReleaseRequestSchema, toRequest, { link: 'Allow between 1 and 100 downloads, for a whole number of hours' });
  const form = useForm<StartValues>({
    initialValues: { confirmation: '', maxDownloads: 3, lifetimeHours: '' },
    validate: (v) => {
      const errors = validateContract(v);
      if (v.confirmation.trim() !== projectName.trim()) errors.confirmation = `Type the project’s name, “${projectName}”, to confirm`;
      if (isLink && maxHours !== null && v.lifetimeHours !== '' && v.lifetimeHours > maxHours) errors.lifetimeHours = `At most ${maxHours} hours (the tier’s limit)`;
      return errors;
    },
  });
  const again = pkg.status === 'failed';
  return (
    <form onSubmit={form.onSubmit((v) => start.mutate(startReleaseRequestSchema.parse(toRequest(v))))} noValidate>
      <Stack>
        {isLink && (
          <Group grow align="flex-start">
            <NumberInput label="Downloads allowed" min={1} max={100} {...form.getInputProps('maxDownloads')} />
            <NumberInput
              label="Lifetime (hours, optional)"
              description={maxHours !== null ? `At most ${formatLifetime(maxHours)}, the tier’s limit (the default)` : undefined}
              min={1}
              max={maxHours ?? undefined}
              {...form.getInputProps('lifetimeHours')}
            />
          </Group>
        )}
        <Text size="sm" data-testid="release-consequence">
          The bundle of these outputs is sealed, signed with the server’s key{destination?.recipientKeyFingerprint ? ' and encrypted to the recipient’s key' : ''}, and delivered to{' '}
          {destination?.name ?? 'the destination'}.{isLink && ' The download link’s address is shown once, right after you start: copy it then.'} The package then counts as released.
        </Text>
        <ErrorAlert error={start.error} title="Could not start the release" />
        <TextInput label={`Type the project’s name (${projectName}) to confirm`} autoComplete="off" {...form.getInputProps('confirmation')} />
        <Group justify="flex-end">
          <Button type="submit" loading={start.isPending} disabled={!destination}>
            {again ? 'Release again' : 'Release'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function StartReleaseForm({ pkg, projectName, start }: { pkg: Package; projectName: string; start: StartMutation }) {
  const destinations = useDestinations(pkg.projectId);
  const destination = destinations.data?.destinations.find((d) => d.id === pkg.destinationId);
  return (
    <Stack data-testid="start-release">
      {pkg.status === 'failed' && (
        <Alert color="red" title="The release failed" data-testid="release-failed">
          {pkg.failure?.reason || 'No reason was recorded.'}
        </Alert>
      )}
      {destinations.data ? <DestinationFacts destination={destination} /> : <ErrorAlert error={destinations.error} title="Could not load the destinations" />}
      <BundleFiles pkg={pkg} />
      {pkg.abilities.startRelease === true ? (
        <StartForm pkg={pkg} projectName={projectName} destination={destination} start={start} />
      ) : (
        <Text size="sm" c="dimmed">
          A system manager releases the package.
        </Text>
      )}
    </Stack>
  );
}
