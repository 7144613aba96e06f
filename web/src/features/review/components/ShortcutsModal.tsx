import { Button, Group, Kbd, Modal, Table } from '@mantine/core';
import { SHORTCUTS } from '../workbench-keys';

/** The workbench's keys, opened with `?`. */
export function ShortcutsModal({ onClose }: { onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} title="Keyboard shortcuts">
      <Table fz="sm" verticalSpacing={6} aria-label="Keyboard shortcuts" data-testid="shortcuts">
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.does}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Group gap={4}>
                  {s.keys.map((k) => (
                    <Kbd key={k}>{k}</Kbd>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{s.does}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Modal>
  );
}
