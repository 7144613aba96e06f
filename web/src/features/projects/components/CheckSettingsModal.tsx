import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import {
  CHECK_PRESET_NAMES,
  CHECK_TIER_KEYS,
  type CheckLevelKey,
  type CheckPresetName,
  type CheckSettingsResponse,
  checkLevelOf,
  withCheckLevel,
} from '../../../../../common/contracts/check-settings.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { formatOverridesText, parseOverridesText } from '../check-settings-form';
import { useChangeCheckSettings } from '../check-settings.api';

const LEVEL_OPTIONS = [{ value: 'project', label: 'The whole project' }, ...CHECK_TIER_KEYS.map((k) => ({ value: k, label: `Tier ${k} work packages` }))];
const PRESET_OPTIONS = [{ value: '', label: 'Inherit' }, ...CHECK_PRESET_NAMES.map((p) => ({ value: p, label: p }))];

interface CheckSettingsModalProps {
  projectId: string;
  settings: CheckSettingsResponse;
  opened: boolean;
  onClose: () => void;
}

export function CheckSettingsModal({ opened, onClose, ...props }: CheckSettingsModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change disclosure checks" size="lg">
      <CheckSettingsForm {...props} onClose={onClose} />
    </Modal>
  );
}

const keyOf = (value: string): CheckLevelKey => (value === 'project' ? null : (value as CheckLevelKey));

/** Edits one level at a time (the project's or a tier's): its preset and its parameter overrides. */
function CheckSettingsForm({ projectId, settings, onClose }: Omit<CheckSettingsModalProps, 'opened'>) {
  const change = useChangeCheckSettings(projectId);
  const current = settings.settings;
  const [level, setLevel] = useState('project');
  const [preset, setPreset] = useState(current.preset ?? '');
  const [overrides, setOverrides] = useState(formatOverridesText(current.parameters));
  const [overridesError, setOverridesError] = useState<string>();

  const chooseLevel = (value: string) => {
    const own = checkLevelOf(current, keyOf(value));
    setLevel(value);
    setPreset(own.preset ?? '');
    setOverrides(formatOverridesText(own.parameters));
    setOverridesError(undefined);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseOverridesText(overrides);
    if (!parsed.ok) return setOverridesError(parsed.message);
    setOverridesError(undefined);
    const next = withCheckLevel(current, keyOf(level), { preset: preset === '' ? null : (preset as CheckPresetName), parameters: parsed.parameters });
    change.mutate({ ...next, version: settings.version }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          A tier’s choices override the project’s, which override the installation default ({settings.installationPreset}). Results already stored are not checked again unless a reviewer re-checks the
          package.
        </Text>
        <ErrorAlert error={change.error} title="Could not change the disclosure checks" />
        <NativeSelect label="Settings for" data={LEVEL_OPTIONS} value={level} onChange={(e) => chooseLevel(e.currentTarget.value)} />
        <NativeSelect label="Preset" data={PRESET_OPTIONS} value={preset} onChange={(e) => setPreset(e.currentTarget.value)} />
        <Textarea
          label="Parameter overrides"
          description='A JSON object, e.g. {"minCellCount": 20}; empty for none.'
          autosize
          minRows={3}
          styles={{ input: { fontFamily: 'monospace' } }}
          value={overrides}
          onChange={(e) => setOverrides(e.currentTarget.value)}
          error={overridesError}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending} disabled={change.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
