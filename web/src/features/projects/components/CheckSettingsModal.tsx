import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  CHECK_PRESET_NAMES,
  CHECK_TIER_KEYS,
  type ChangeCheckSettingsRequest,
  type CheckLevelKey,
  type CheckPresetName,
  type CheckSettingsResponse,
  changeCheckSettingsRequestSchema,
  checkLevelOf,
  withCheckLevel,
} from '../../../../../common/contracts/check-settings.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
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

interface CheckSettingsValues {
  /** `project` or a tier key. */
  level: string;
  /** A preset name, or '' to inherit. */
  preset: string;
  /** The overrides as the manager types them: a JSON object, or empty. */
  overrides: string;
}

const valuesOf = (settings: CheckSettingsResponse['settings'], level: string): CheckSettingsValues => {
  const own = checkLevelOf(settings, keyOf(level));
  return { level, preset: own.preset ?? '', overrides: formatOverridesText(own.parameters) };
};

/** Edits one level at a time (the project's or a tier's): its preset and its parameter overrides. */
function CheckSettingsForm({ projectId, settings, onClose }: Omit<CheckSettingsModalProps, 'opened'>) {
  const change = useChangeCheckSettings(projectId);
  const current = settings.settings;
  // The request the values make; overrides that do not parse were already refused in their own words.
  const toRequest = (values: CheckSettingsValues): ChangeCheckSettingsRequest => {
    const parsed = parseOverridesText(values.overrides);
    const level = { preset: values.preset === '' ? null : (values.preset as CheckPresetName), parameters: parsed.ok ? parsed.parameters : {} };
    return { ...withCheckLevel(current, keyOf(values.level), level), version: settings.version };
  };
  const checkRequest = contractValidator(changeCheckSettingsRequestSchema, toRequest, {
    preset: 'Choose a preset, or inherit',
    parameters: 'These overrides are not valid parameters',
    tiers: 'A tier’s settings are not valid',
  });
  const form = useForm<CheckSettingsValues>({
    initialValues: valuesOf(current, 'project'),
    validate: (values) => {
      const parsed = parseOverridesText(values.overrides);
      if (!parsed.ok) return { overrides: parsed.message };
      const errors = checkRequest(values);
      // The request's fields are the form's preset and overrides (the tiers carry the tier being edited).
      return { ...(errors.preset ? { preset: errors.preset } : {}), ...(errors.parameters || errors.tiers ? { overrides: errors.parameters ?? errors.tiers } : {}) };
    },
  });

  const chooseLevel = (value: string) => {
    form.setValues(valuesOf(current, value));
    form.clearErrors();
  };

  const submit = (values: CheckSettingsValues) => change.mutate(changeCheckSettingsRequestSchema.parse(toRequest(values)), { onSuccess: onClose });

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          A tier’s choices override the project’s, which override the installation default ({settings.installationPreset}). Results already stored are not checked again unless a reviewer re-checks the
          package.
        </Text>
        <ErrorAlert error={change.error} title="Could not change the disclosure checks" />
        <NativeSelect label="Settings for" data={LEVEL_OPTIONS} value={form.values.level} onChange={(e) => chooseLevel(e.currentTarget.value)} />
        <NativeSelect label="Preset" data={PRESET_OPTIONS} {...form.getInputProps('preset')} />
        <Textarea
          label="Parameter overrides"
          description='A JSON object, e.g. {"minCellCount": 20}; empty for none.'
          autosize
          minRows={3}
          styles={{ input: { fontFamily: 'monospace' } }}
          {...form.getInputProps('overrides')}
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
