import { Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { CreatedApiTokenResponse } from '../../../../../common/contracts/api-tokens.contract';

interface TokenSecretNoticeProps {
  created: CreatedApiTokenResponse;
  onDone: () => void;
}

/** The one and only showing of a new token's secret, with a copy button and how to use it. */
export function TokenSecretNotice({ created, onDone }: TokenSecretNoticeProps) {
  const { secret, token } = created;
  const loginCommand = `egress login --server ${window.location.origin} --project ${token.projectId}`;
  return (
    <Stack>
      <Alert color="yellow" title="Copy this token now: you will not see it again" role="status">
        <Text size="sm">Only a fingerprint of it is stored, so nobody can show it to you later. Keep it like a password. If you lose it, revoke it and create a new one.</Text>
      </Alert>
      <Stack gap={6}>
        <Text size="sm" fw={500} id="token-secret-label">
          Token “{token.name}” for {token.projectName}
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-labelledby="token-secret-label" data-testid="token-secret">
            {secret}
          </Code>
          <CopyButton value={secret} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy to the clipboard'} withArrow>
                <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : 'indigo'} onClick={copy} aria-label="Copy the token">
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
      <Stack gap={4}>
        <Text size="sm">
          To use it from the command line, run this and paste the token when asked (or feed it from a file with <Code>&lt; token.txt</Code>). The token is read from standard input, so it stays out of
          your shell history:
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {loginCommand}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone}>I have copied it</Button>
      </Group>
    </Stack>
  );
}
