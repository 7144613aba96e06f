import { Alert, Button, Code, FileInput, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { BundlePublicKey } from '../../../../../common/bundle/public-keys';
import { PageHeader } from '../../../components/ui/PageHeader';
import { keysFromFile, useBundleVerification, useServerKeys } from '../api';
import { VerifyResultView } from './VerifyResultView';

/** Which keys the check trusts: the server's, or the ones in a key file the person chose. */
function KeysNote({ serverKeys, fileKeys, keyFileError }: { serverKeys: ReturnType<typeof useServerKeys>; fileKeys: BundlePublicKey[] | null; keyFileError: string | null }) {
  if (keyFileError) {
    return (
      <Alert color="red" title="That key file cannot be used" role="alert">
        <Text size="sm">{keyFileError}</Text>
      </Alert>
    );
  }
  if (fileKeys) {
    return (
      <Text size="sm" data-testid="keys-note">
        Checking against the key file you chose: {fileKeys.map((k) => k.fingerprint).join(', ')}.
      </Text>
    );
  }
  if (serverKeys.isPending) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Fetching this server’s public keys…</Text>
      </Group>
    );
  }
  if (serverKeys.isError) {
    return (
      <Alert color="yellow" title="This server’s public keys are not available" data-testid="keys-note">
        <Text size="sm">
          {serverKeys.error instanceof Error ? serverKeys.error.message : 'The key list could not be fetched.'} Choose a key file (the PEM or key list the data safe haven gave you) to verify against.
        </Text>
      </Alert>
    );
  }
  return (
    <Text size="sm" data-testid="keys-note">
      Checking against this server’s {serverKeys.data.length === 1 ? 'public key' : `${serverKeys.data.length} public keys`}:{' '}
      {serverKeys.data.map((k) => (
        <Code key={k.fingerprint} style={{ wordBreak: 'break-all' }}>
          {k.fingerprint}
        </Code>
      ))}
      . Compare with the fingerprint you were given, or choose a key file to pin one.
    </Text>
  );
}

/** /verify — public: checks a released bundle in this browser against the server's (or a chosen) public keys. */
export function VerifyBundlePage() {
  const serverKeys = useServerKeys();
  const { state, verify, reset } = useBundleVerification();
  const [bundle, setBundle] = useState<File | null>(null);
  const [fileKeys, setFileKeys] = useState<BundlePublicKey[] | null>(null);
  const [keyFileError, setKeyFileError] = useState<string | null>(null);

  const chooseKeyFile = async (file: File | null) => {
    reset();
    setKeyFileError(null);
    setFileKeys(null);
    if (!file) return;
    try {
      setFileKeys(await keysFromFile(file));
    } catch (error) {
      setKeyFileError(error instanceof Error ? error.message : String(error));
    }
  };
  const keys = fileKeys ?? (keyFileError ? null : (serverKeys.data ?? null));
  const running = state.step === 'running';

  return (
    <>
      <PageHeader
        title="Verify a bundle"
        description="Check that a released bundle is complete, unaltered and signed by the data safe haven: every file against the signed manifest, the manifest against its signature, and the sign-offs against the released content. The check runs in this browser; the bundle is never sent to the server."
      />
      <Paper withBorder p="md" maw={760}>
        <Stack>
          <FileInput
            label="Bundle"
            description="The .zip you downloaded or received"
            placeholder="Choose a bundle"
            accept=".zip,application/zip"
            value={bundle}
            onChange={(file) => {
              reset();
              setBundle(file);
            }}
            clearable
          />
          <FileInput
            label="Key file (optional)"
            description="A public key (PEM or base64) or a saved key list, to check against instead of this server’s keys"
            placeholder="Use this server’s keys"
            onChange={(file) => void chooseKeyFile(file)}
            clearable
          />
          <KeysNote serverKeys={serverKeys} fileKeys={fileKeys} keyFileError={keyFileError} />
          <Group>
            <Button onClick={() => bundle && keys && void verify(bundle, keys)} disabled={!bundle || !keys || running} loading={running}>
              Verify
            </Button>
          </Group>
          <VerifyResultView state={state} />
        </Stack>
      </Paper>
    </>
  );
}
