/**
 * The verify page's data: this server's public bundle keys (`GET /api/v1/keys`, public) and the
 * check itself, run in the browser on the chosen file with the shared verifier
 * (common/bundle/verify.ts). The bundle is read with `File.slice()`; nothing of it is sent anywhere.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { keysFromJson, parsePublicKeys, type BundlePublicKey } from '../../../../common/bundle/public-keys';
import { blobSource } from '../../../../common/bundle/random-access';
import { verifyBundle, type VerifyProgress, type VerifyResult } from '../../../../common/bundle/verify';
import { api } from '../../lib/api';

const publicKeysKey = ['bundle-public-keys'] as const;

/** The server's bundle keys, fingerprints computed here from the keys themselves. */
export function useServerKeys() {
  return useQuery({
    queryKey: publicKeysKey,
    queryFn: async (): Promise<BundlePublicKey[]> => keysFromJson(await api<unknown>('/keys', { allowUnauthorized: true })),
    retry: false,
  });
}

/** The keys in a key file the person chose (PEM, base64 or the JSON of /api/v1/keys); throws KeyFileError. */
export async function keysFromFile(file: File): Promise<BundlePublicKey[]> {
  return parsePublicKeys(await file.text());
}

export type VerificationState =
  | { step: 'idle' }
  | { step: 'running'; fileName: string; progress: VerifyProgress | null }
  | { step: 'done'; fileName: string; result: VerifyResult }
  | { step: 'failed'; fileName: string; message: string };

/** Runs one verification at a time; a new one (or a reset) makes the earlier one's late updates land nowhere. */
export function useBundleVerification() {
  const [state, setState] = useState<VerificationState>({ step: 'idle' });
  const run = useRef(0);
  const verify = useCallback(async (file: File, keys: readonly BundlePublicKey[]) => {
    const id = ++run.current;
    const update = (next: VerificationState) => {
      if (run.current === id) setState(next);
    };
    update({ step: 'running', fileName: file.name, progress: null });
    try {
      const result = await verifyBundle(blobSource(file), { keys, onProgress: (progress) => update({ step: 'running', fileName: file.name, progress }) });
      update({ step: 'done', fileName: file.name, result });
    } catch (error) {
      update({ step: 'failed', fileName: file.name, message: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  const reset = useCallback(() => {
    run.current++;
    setState({ step: 'idle' });
  }, []);
  return { state, verify, reset };
}
