import { Alert, Badge, Button, Group, MultiSelect, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Package, PackageContext, PackageFile } from '../../../../../common/contracts/packages.contract';
import { DESTINATION_KINDS, DESTINATION_LABELS, type DestinationKind } from '../../../../../common/vocab/destinations';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { isConflict } from '../../../lib/api';
import { usePackageFiles, useSaveContext } from '../../../lib/packages';
import { CATEGORY_LABELS } from '../../../lib/package-format';

const DESTINATION_OPTIONS = [{ value: '', label: 'Choose a destination' }, ...DESTINATION_KINDS.map((d) => ({ value: d, label: DESTINATION_LABELS[d] }))];
/** Outputs of these categories must say what they show before submission (as the server requires). */
const MUST_DESCRIBE = new Set(['figure', 'table']);

/**
 * What reviewers need to judge the package: purpose, recipient, destination, the population
 * and the disclosure controls applied, and for each output what it shows and which supporting
 * files back it. Saved with the package version; a conflicting save shows the latest context.
 */
export function ContextSection({ pkg }: { pkg: Package }) {
  const save = useSaveContext(pkg.id);
  const files = usePackageFiles(pkg.id);
  const list = files.data?.pages.flatMap((p) => p.files) ?? [];
  const allLoaded = files.isSuccess && !files.hasNextPage;
  const canEdit = pkg.abilities.edit === true;

  return (
    <Section title="Context">
      {isConflict(save.error) && (
        <Alert color="yellow" title="Someone else changed this package" data-testid="context-conflict">
          Your context was not saved: the package changed while you were editing. The form now shows the latest saved context; check it and save again.
        </Alert>
      )}
      {canEdit ? (
        // A new package version (a save, anyone's) starts the form from what is stored.
        <ContextForm key={pkg.version} pkg={pkg} files={list} allFilesLoaded={allLoaded} save={save} />
      ) : (
        <ContextSummary context={pkg.context} files={list} />
      )}
    </Section>
  );
}

interface ContextFormProps {
  pkg: Package;
  files: PackageFile[];
  allFilesLoaded: boolean;
  save: ReturnType<typeof useSaveContext>;
}

function ContextForm({ pkg, files, allFilesLoaded, save }: ContextFormProps) {
  const [draft, setDraft] = useState<PackageContext>(pkg.context);
  // The form is mounted afresh after a save (new version): "Saved" shows until the next edit.
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof PackageContext>(key: K, value: PackageContext[K]) => {
    setTouched(true);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const setOutput = (fileId: string, change: Partial<PackageContext['outputs'][string]>) =>
    set('outputs', { ...draft.outputs, [fileId]: { shows: '', supportingFileIds: [], ...draft.outputs[fileId], ...change } });

  const outputs = files.filter((f) => f.role === 'output' && !f.removed);
  const supporting = files.filter((f) => f.role === 'supporting').map((f) => ({ value: f.id, label: f.path }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    save.mutate({ context: tidy(draft, files, allFilesLoaded), version: pkg.version });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Package context">
      <Stack gap="sm">
        {!isConflict(save.error) && <ErrorAlert error={save.error} title="The context was not saved" />}
        <Textarea
          label="Purpose"
          description="Why these outputs need to leave the environment."
          withAsterisk
          autosize
          minRows={2}
          value={draft.purpose}
          onChange={(e) => set('purpose', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Recipient" description="Who receives the outputs." withAsterisk value={draft.recipient} onChange={(e) => set('recipient', e.currentTarget.value)} />
          <NativeSelect
            label="Destination"
            description="The kind of place the outputs go to."
            withAsterisk
            data={DESTINATION_OPTIONS}
            value={draft.destinationKind ?? ''}
            onChange={(e) => set('destinationKind', (e.currentTarget.value || null) as DestinationKind | null)}
          />
        </SimpleGrid>
        <Textarea
          label="Population"
          description="Who the outputs describe, e.g. adults admitted to hospital in 2019–2024."
          withAsterisk
          autosize
          minRows={2}
          value={draft.population}
          onChange={(e) => set('population', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label="Suppression threshold"
            description="Smallest count shown unsuppressed (0 if none)."
            withAsterisk
            min={0}
            max={1_000_000}
            allowDecimal={false}
            allowNegative={false}
            value={draft.suppressionThreshold ?? ''}
            onChange={(value) => set('suppressionThreshold', value === '' ? null : Number(value))}
          />
          <TextInput label="Rounding" description='e.g. "to the nearest 5", or "none".' withAsterisk value={draft.rounding} onChange={(e) => set('rounding', e.currentTarget.value)} />
        </SimpleGrid>

        <Title order={3} size="h5" mt="xs">
          Outputs
        </Title>
        {outputs.length === 0 ? (
          <EmptyNote>No output files yet. Each output file gets a description here.</EmptyNote>
        ) : (
          outputs.map((file) => (
            <Paper key={file.id} withBorder p="sm" radius="sm" data-testid="output-context" data-path={file.path}>
              <Group gap="xs" mb={6}>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {file.path}
                </Text>
                <Badge size="xs" variant="light" color="gray">
                  {CATEGORY_LABELS[file.category]}
                </Badge>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Textarea
                  label={`What ${file.path} shows`}
                  withAsterisk={MUST_DESCRIBE.has(file.category)}
                  autosize
                  minRows={2}
                  value={draft.outputs[file.id]?.shows ?? ''}
                  onChange={(e) => setOutput(file.id, { shows: e.currentTarget.value })}
                />
                <MultiSelect
                  label={`Supporting files for ${file.path}`}
                  placeholder={supporting.length === 0 ? 'No supporting files' : 'Choose'}
                  data={supporting}
                  value={(draft.outputs[file.id]?.supportingFileIds ?? []).filter((id) => supporting.some((s) => s.value === id))}
                  onChange={(ids) => setOutput(file.id, { supportingFileIds: ids })}
                  disabled={supporting.length === 0}
                  searchable
                />
              </SimpleGrid>
            </Paper>
          ))
        )}
        <Group justify="flex-end" gap="sm">
          {save.isSuccess && !touched && (
            <Text size="sm" c="teal.7" role="status">
              Saved
            </Text>
          )}
          <Button type="submit" loading={save.isPending} disabled={save.isPending}>
            Save context
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The context as sent: descriptions of files no longer in the package are dropped (only when
 * every file is loaded, so unseen files keep theirs), and empty descriptions are left out.
 */
function tidy(draft: PackageContext, files: PackageFile[], allFilesLoaded: boolean): PackageContext {
  const known = new Set(files.map((f) => f.id));
  const outputs: PackageContext['outputs'] = {};
  for (const [fileId, output] of Object.entries(draft.outputs)) {
    if (allFilesLoaded && !known.has(fileId)) continue;
    const supportingFileIds = allFilesLoaded ? output.supportingFileIds.filter((id) => known.has(id)) : output.supportingFileIds;
    const shows = output.shows.trim();
    if (shows || supportingFileIds.length > 0) outputs[fileId] = { shows, supportingFileIds };
  }
  return {
    ...draft,
    purpose: draft.purpose.trim(),
    recipient: draft.recipient.trim(),
    population: draft.population.trim(),
    rounding: draft.rounding.trim(),
    outputs,
  };
}

function ContextSummary({ context, files }: { context: PackageContext; files: PackageFile[] }) {
  const pathOf = (id: string) => files.find((f) => f.id === id)?.path ?? id;
  const row = (label: string, value: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {value || '—'}
      </Text>
    </div>
  );
  return (
    <Stack gap="xs">
      {row('Purpose', context.purpose)}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {row('Recipient', context.recipient)}
        {row('Destination', context.destinationKind ? DESTINATION_LABELS[context.destinationKind] : '')}
      </SimpleGrid>
      {row('Population', context.population)}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {row('Suppression threshold', context.suppressionThreshold === null ? '' : String(context.suppressionThreshold))}
        {row('Rounding', context.rounding)}
      </SimpleGrid>
      {Object.entries(context.outputs).map(([fileId, output]) => (
        <Paper key={fileId} withBorder p="xs" radius="sm">
          <Text size="sm" ff="monospace">
            {pathOf(fileId)}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {output.shows || '—'}
          </Text>
          {output.supportingFileIds.length > 0 && (
            <Text size="xs" c="dimmed">
              Supported by {output.supportingFileIds.map(pathOf).join(', ')}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
