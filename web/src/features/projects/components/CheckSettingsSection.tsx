import { Button, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { CHECK_TIER_KEYS, type CheckSettingsResponse } from '../../../../../common/contracts/check-settings.contract';
import type { ProjectDetail } from '../../../../../common/contracts';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { formatDateTime } from '../../../lib/format';
import { PARAMETER_LABELS, PARAMETER_NAMES, describeOwnChoice, effectiveColumns, formatParameterValue } from '../check-settings-form';
import { useCheckSettings } from '../check-settings.api';
import { CheckSettingsModal } from './CheckSettingsModal';

/** The preset and parameters the checks stage uses for this project, per tier; editable by the haven's managers. */
export function CheckSettingsSection({ detail }: { detail: ProjectDetail }) {
  const query = useCheckSettings(detail.project.id);
  const [editing, setEditing] = useState(false);

  return (
    <Section
      title="Disclosure checks"
      actions={
        detail.abilities.manageCheckSettings &&
        query.data && (
          <Button size="xs" onClick={() => setEditing(true)}>
            Change
          </Button>
        )
      }
    >
      <QueryState query={query} rows={4}>
        {(settings) => (
          <>
            <EffectiveTable settings={settings} />
            <OwnChoices settings={settings} />
            <Text size="xs" c="dimmed">
              The tier of a package’s work package decides which column applies. Each stored result keeps the preset and parameters it was checked with; new settings apply to file versions checked
              from now on, and to a package in review when a reviewer re-checks it.
            </Text>
            {detail.abilities.manageCheckSettings && <CheckSettingsModal projectId={detail.project.id} settings={settings} opened={editing} onClose={() => setEditing(false)} />}
          </>
        )}
      </QueryState>
    </Section>
  );
}

function EffectiveTable({ settings }: { settings: CheckSettingsResponse }) {
  const columns = effectiveColumns(settings);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={4} fz="sm" aria-label="Disclosure checks per tier" data-testid="check-settings-effective">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Applies to</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.label}>{c.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">Preset</Table.Th>
            {columns.map((c) => (
              <Table.Td key={c.label}>{c.preset}</Table.Td>
            ))}
          </Table.Tr>
          {PARAMETER_NAMES.map((name) => (
            <Table.Tr key={name}>
              <Table.Th scope="row" fw={400}>
                {PARAMETER_LABELS[name]}
              </Table.Th>
              {columns.map((c) => (
                <Table.Td key={c.label}>{formatParameterValue(c.parameters[name])}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OwnChoices({ settings }: { settings: CheckSettingsResponse }) {
  const tiers = CHECK_TIER_KEYS.filter((k) => settings.settings.tiers[k]);
  return (
    <Text size="sm" data-testid="check-settings-choices">
      Installation default: {settings.installationPreset}. Project: {describeOwnChoice(settings.settings)}.{tiers.map((k) => ` Tier ${k}: ${describeOwnChoice(settings.settings.tiers[k])}.`).join('')}
      {settings.updatedAt && ` Last changed ${formatDateTime(settings.updatedAt)}.`}
    </Text>
  );
}
