import { Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { linkProps } from '../../../lib/navigation';
import { paths } from '../../../lib/paths';
import { useSignIn } from '../../../lib/session';

export function LoginPage() {
  const signIn = useSignIn();
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
    <Center mih="70vh">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
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
      </Paper>
    </Center>
  );
}
