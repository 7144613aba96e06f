/**
 * Enrolling a TOTP second factor: a new secret as a QR code and as text, a code from the
 * authenticator app to confirm it, then the ten recovery codes, shown once. Used at sign-in
 * (when the factor is required and not enrolled yet) and from the second factor page.
 */
import { Alert, Button, Code, Group, Image, List, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { EnrolmentConfirm } from '../../../../../common/contracts';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useConfirmEnrolment, useStartEnrolment } from '../../../lib/session';

export function EnrolSecondFactor({ onDone, doneLabel }: { onDone: (answer: EnrolmentConfirm) => void; doneLabel: string }) {
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const [code, setCode] = useState('');

  if (confirm.data) {
    const answer = confirm.data;
    return (
      <Stack>
        <Alert color="teal" title="Second factor enrolled">
          From now on, sign-in asks for a code from your authenticator app after your password.
        </Alert>
        <Text size="sm">Keep these recovery codes somewhere safe, away from your phone. Each works once, in place of a code, if you lose the phone. They are shown only now.</Text>
        <List spacing={2} aria-label="Recovery codes" data-testid="recovery-codes">
          {answer.recoveryCodes.map((c) => (
            <List.Item key={c}>
              <Code>{c}</Code>
            </List.Item>
          ))}
        </List>
        <Button
          onClick={() => {
            if (answer.session) confirm.finish(answer.session);
            onDone(answer);
          }}
        >
          {doneLabel}
        </Button>
      </Stack>
    );
  }

  if (!start.data) {
    return (
      <Stack>
        <Text size="sm">A second factor is a six-digit code from an authenticator app on your phone (any app that reads a QR code, such as FreeOTP or Aegis), asked for after your password.</Text>
        <ErrorAlert error={start.error} title="Could not start enrolment" />
        <Group>
          <Button onClick={() => start.mutate()} loading={start.isPending}>
            Set up an authenticator app
          </Button>
        </Group>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim()) confirm.mutate(code.trim());
  };
  return (
    <form onSubmit={submit} aria-label="Confirm the second factor">
      <Stack>
        <Text size="sm">Scan this QR code with your authenticator app, or type the key below into it. Then type the six-digit code the app shows.</Text>
        <Image src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(start.data.qrSvg)}`} alt="QR code of the new second factor" w={200} h={200} />
        <Text size="sm">
          Key: <Code data-testid="totp-secret">{start.data.secret}</Code>
        </Text>
        <ErrorAlert error={confirm.error} title="Not confirmed" />
        <TextInput label="Code from the app" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value)} withAsterisk />
        <Button type="submit" loading={confirm.isPending}>
          Confirm
        </Button>
      </Stack>
    </form>
  );
}
