/**
 * `egress verify BUNDLE [--key FILE | --server URL]`: checks a released bundle with the same
 * verifier as the browser's "verify a bundle" page (common/bundle/verify.ts), reading the file with
 * positioned reads and hashing with node:crypto. Offline with --key (an SPKI PEM, a raw base64 key
 * or the JSON of `GET /api/v1/keys`); --server fetches that JSON and prints the fingerprint used so
 * it can be pinned.
 *
 * Exit codes: 0 the bundle is intact and signed by a given key; 1 it is not (the first problem is
 * named, with its code); 2 usage, or the check could not run (unreadable bundle or key file, the
 * server unreachable).
 */
import { createHash } from 'node:crypto';
import { KeyFileError, keysFromJson, parsePublicKeys, type BundlePublicKey } from '../../common/bundle/public-keys';
import { verifyBundle, type BundleSummary } from '../../common/bundle/verify';
import { openFileSource } from './file-source';
import { normaliseServer } from './login.cli';
import { EXIT, type Io } from './output';

export interface VerifyCliOptions {
  key?: string;
  server?: string;
  json: boolean;
}

const REQUEST_TIMEOUT_MS = 30_000;

type KeysFound = { ok: true; keys: BundlePublicKey[]; from: string } | { ok: false; message: string };

const reason = (error: unknown) => (error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error));

async function keysFromServer(value: string): Promise<KeysFound> {
  const server = normaliseServer(value);
  if (!server) return { ok: false, message: `--server must be the server's address, e.g. https://egress.example.org (got "${value}")` };
  const address = `${server.toString().replace(/\/+$/, '')}/api/v1/keys`;
  let response: Response;
  try {
    response = await fetch(address, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    return { ok: false, message: `could not reach ${address}: ${reason(error)}` };
  }
  if (!response.ok) return { ok: false, message: `${address} answered ${response.status}; is this an Egress server that publishes its bundle keys?` };
  try {
    return { ok: true, keys: keysFromJson(await response.json()), from: address };
  } catch (error) {
    return { ok: false, message: `${address} did not answer with a key list: ${reason(error)}` };
  }
}

async function keysFromFile(io: Io, path: string): Promise<KeysFound> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    return { ok: false, message: `cannot read the key file ${path}: ${reason(error)}` };
  }
  try {
    return { ok: true, keys: parsePublicKeys(text), from: path };
  } catch (error) {
    if (error instanceof KeyFileError) return { ok: false, message: `${path}: ${error.message}` };
    throw error;
  }
}

function printSummary(io: Io, summary: BundleSummary, keysFrom: string, fromServer: boolean): void {
  const lines = [
    'Bundle verified: every file matches the signed manifest and the signature is valid.',
    `  Package:   ${summary.package.title} (${summary.package.kind}, ${summary.package.id})`,
    `  Project:   ${summary.project.name} (${summary.project.id}); work package ${summary.workPackage.name}`,
    `  Tier:      ${summary.tier}`,
    `  Files:     ${summary.files} (${summary.bytes.toLocaleString('en')} bytes)`,
    `  Released:  ${summary.release.releasedAt} by ${summary.release.releasedBy} (release ${summary.release.id})`,
    `  Sign-offs: ${summary.signOffs}, bound to content digest ${summary.contentDigest}`,
    `  Key:       ${summary.keyFingerprint} (from ${keysFrom})`,
  ];
  if (fromServer) lines.push('  To verify offline later, pin this key: save the server’s key list (or its publicKeyPem) and pass it with --key FILE.');
  for (const line of lines) io.out(line);
}

export async function verifyCommand(io: Io, bundlePath: string, options: VerifyCliOptions): Promise<number> {
  const usage = (message: string) => {
    if (options.json) io.out(JSON.stringify({ error: { code: 'validation.invalid_input', message } }));
    else io.err(`egress verify: ${message}`);
    return EXIT.usage;
  };
  if (Boolean(options.key) === Boolean(options.server)) return usage('give exactly one of --key FILE (offline: a PEM, a base64 key or the server’s key list) or --server URL');
  const found = options.key ? await keysFromFile(io, options.key) : await keysFromServer(options.server ?? '');
  if (!found.ok) return usage(found.message);

  let source;
  try {
    source = await openFileSource(bundlePath);
  } catch (error) {
    return usage(`cannot read the bundle ${bundlePath}: ${reason(error)}`);
  }
  try {
    const result = await verifyBundle(source, { keys: found.keys, createHash: () => createHash('sha256') });
    if (options.json) {
      io.out(JSON.stringify(result.ok ? { ok: true, summary: result.summary, keysFrom: found.from } : { ok: false, problem: result.problem, keysFrom: found.from }));
    } else if (result.ok) {
      printSummary(io, result.summary, found.from, Boolean(options.server));
    } else {
      io.err(`egress verify: NOT VERIFIED. ${result.problem.message} (${result.problem.code})`);
    }
    return result.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    return usage(`could not read the bundle ${bundlePath}: ${reason(error)}`);
  } finally {
    await source.close();
  }
}
