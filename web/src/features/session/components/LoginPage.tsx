/**
 * Sign in: the password, then (when the account has a second factor) a code from the
 * authenticator app or a recovery code, or (when one is required and not enrolled yet) enrolment.
 */
import { Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { linkProps } from '../../../lib/navigation';
import { paths } from '../../../lib/paths';
import { isPending, useSignIn, useSignInCode } from '../../../lib/session';
import { EnrolSecondFactor } from './EnrolSecondFactor';

export function LoginPage() {
  const signIn = useSignIn();
  const pending = signIn.data && isPending(signIn.data) ? signIn.data.pending : null;
  return (
    <Center mih="70vh">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={460}>
        {pending === 'second_factor' ? (
          <CodeStep />
        ) : pending === 'enrolment' ? (
          <Stack>
            <Title order={1} size="h3">
              Set up your second factor
            </Title>
            <Text c="dimmed" size="sm">
              Your password is right. This installation requires a second factor for your account before you can go on.
            </Text>
            <EnrolSecondFactor doneLabel="Continue" onDone={() => undefined} />
          </Stack>
        ) : (
          <PasswordStep signIn={signIn} />
        )}
      </Paper>
    </Center>
  );
}

function PasswordStep({ signIn }: { signIn: ReturnType<typeof useSignIn> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      email: email.trim() ? undefined : 'Enter your email address',
      password: password ? undefined : 'Enter your password',
    };
    setErrors(found);
    if (found.email || found.password) return;
    signIn.mutate({ email: email.trim(), password });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      <Stack>
        <div>
          <Title order={1} size="h3">
            Sign in
          </Title>
          <Text c="dimmed" size="sm">
            Safe Haven Egress: classify, check and release research outputs.
          </Text>
        </div>
        <ErrorAlert error={signIn.error} title="Could not sign in" />
        <TextInput label="Email" type="email" autoComplete="username" withAsterisk value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} autoFocus />
        <TextInput label="Password" type="password" autoComplete="current-password" withAsterisk value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
        <Button type="submit" loading={signIn.isPending} disabled={signIn.isPending}>
          Sign in
        </Button>
        <Text size="sm" c="dimmed">
          Received a bundle? <Anchor {...linkProps(paths.verify())}>Verify a bundle</Anchor> without signing in.
        </Text>
      </Stack>
    </form>
  );
}

function CodeStep() {
  const submitCode = useSignInCode();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim()) submitCode.mutate(code.trim());
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Second factor">
      <Stack>
        <div>
          <Title order={1} size="h3">
            Enter your code
          </Title>
          <Text c="dimmed" size="sm">
            Type the six-digit code from your authenticator app, or one of your recovery codes.
          </Text>
        </div>
        <ErrorAlert error={submitCode.error} title="Could not sign in" />
        <TextInput label="Code" inputMode="numeric" autoComplete="one-time-code" withAsterisk value={code} onChange={(e) => setCode(e.currentTarget.value)} autoFocus />
        <Button type="submit" loading={submitCode.isPending} disabled={submitCode.isPending}>
          Verify
        </Button>
      </Stack>
    </form>
  );
}
