/**
 * The package's registered destination (docs/delivery.md): shown to everyone who sees the package;
 * its author team (who may edit it: a draft or returned package) chooses one of the project's
 * current destinations. The destination is part of what sign-offs approve, so when any sign-off
 * is live the change is confirmed first: it voids them.
 */
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Package } from '../../../../../common/contracts/packages.contract';
import { DELIVERY_METHOD_LABELS, DESTINATION_LABELS } from '../../../../../common/vocab/destinations';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { useChoosePackageDestination, useDestinations } from '../../../lib/destinations';
import { useSignOffs } from '../../../lib/package-approval';

export function PackageDestination({ pkg }: { pkg: Package }) {
  const destinations = useDestinations(pkg.projectId);
  const editable = pkg.abilities.edit === true;
  const signOffs = useSignOffs(pkg.id, editable);
  const choose = useChoosePackageDestination(pkg.id);
  const [pending, setPending] = useState<string | null | undefined>(undefined);
  const list = destinations.data?.destinations ?? [];
  const current = list.find((d) => d.id === pkg.destinationId);
  const live = (signOffs.data?.signOffs ?? []).filter((s) => s.live).length;
  const save = (destinationId: string | null) => {
    setPending(undefined);
    choose.mutate({ destinationId, version: pkg.version });
  };
  const onChange = (value: string | null) => {
    if (value === (pkg.destinationId ?? null)) return;
    if (live > 0) setPending(value);
    else save(value);
  };
  return (
    <Section title="Destination">
      <ErrorAlert error={destinations.error ?? choose.error} title="Could not change the destination" />
      {editable ? (
        <Select
          label="Registered destination"
          description="Where the package is delivered once released; destinations are registered on the project page."
          placeholder={list.length === 0 ? 'The project has no registered destinations yet' : 'Choose a destination'}
          data={list.map((d) => ({ value: d.id, label: `${d.name} (${DESTINATION_LABELS[d.kind]}, ${DELIVERY_METHOD_LABELS[d.method]})` }))}
          value={pkg.destinationId ?? null}
          onChange={onChange}
          clearable
          disabled={choose.isPending || !destinations.data}
          data-testid="package-destination-select"
        />
      ) : (
        <Text size="sm" data-testid="package-destination">
          {current ? `${current.name} (${DESTINATION_LABELS[current.kind]}, ${DELIVERY_METHOD_LABELS[current.method]})` : pkg.destinationId ? 'A retired destination' : 'No destination chosen yet'}
        </Text>
      )}
      <Modal opened={pending !== undefined} onClose={() => setPending(undefined)} title="Change the destination?">
        <Stack>
          <Text size="sm">
            {live === 1 ? 'One sign-off is' : `${live} sign-offs are`} live. The destination is part of what was signed off, so changing it voids {live === 1 ? 'it' : 'them'}: the package must be
            signed off again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(undefined)}>
              Keep the destination
            </Button>
            <Button color="orange" onClick={() => save(pending ?? null)}>
              Change it and void the sign-offs
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}
