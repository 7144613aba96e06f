/** Which kinds of notification the signed-in person also gets by e-mail (the inbox keeps every kind). */
import { Alert, Stack, Switch, Text } from '@mantine/core';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { useNotificationSettings, useSaveNotificationSettings } from '../api';

export function NotificationSettingsPage() {
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  return (
    <Section title="Notification e-mail">
      <QueryState query={settings}>
        {({ emailConfigured, kinds }) => (
          <Stack gap="sm">
            {!emailConfigured && (
              <Alert color="gray" variant="light">
                This server sends no e-mail (SMTP is not configured). Your choices are kept for when it does; the inbox shows everything.
              </Alert>
            )}
            <Text size="sm" c="dimmed">
              Everything appears in your inbox. Choose what you also get by e-mail. E-mails never contain file content or findings: they link to this site.
            </Text>
            {kinds.map((k) => (
              <Switch key={k.kind} label={k.label} checked={k.email} disabled={save.isPending} onChange={(e) => save.mutate([{ kind: k.kind, email: e.currentTarget.checked }])} />
            ))}
            {save.isError && (
              <Alert color="red" variant="light">
                {save.error.message}
              </Alert>
            )}
          </Stack>
        )}
      </QueryState>
    </Section>
  );
}
