/**
 * Where the CLI keeps the server, personal API token and project that `egress login` checked,
 * for later commands such as `egress push`: `$EGRESS_CONFIG_DIR/credentials.json`, else
 * `~/.config/egress/credentials.json`, readable only by its owner (mode 0600, folder 0700).
 * The environment comes in as a parameter (only server/config reads process.env).
 *
 * Example: `const { server, token, projectId } = await loadCredentials(env);`
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { apiTokenSecretSchema } from '../../common/contracts/api-tokens.contract';
import { idSchema } from '../../common/contracts/common.contract';
import { DomainError } from '../domain/errors';

/** The environment variables the CLI was started with. */
export type CliEnv = Record<string, string | undefined>;

export const credentialsSchema = z
  .object({
    /** The server's base address, without a trailing slash, e.g. `https://egress.example.org`. */
    server: z.url({ protocol: /^https?$/ }),
    token: apiTokenSecretSchema,
    projectId: idSchema,
  })
  .strict();
export type Credentials = z.infer<typeof credentialsSchema>;

/** The credentials file for this environment. */
export function credentialsPath(env: CliEnv): string {
  const dir = env.EGRESS_CONFIG_DIR || join(env.HOME || homedir(), '.config', 'egress');
  return join(dir, 'credentials.json');
}

const onPosix = process.platform !== 'win32';

/** Writes the credentials atomically, readable only by the owner; answers the file's path. */
export async function saveCredentials(env: CliEnv, credentials: Credentials): Promise<string> {
  const path = credentialsPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // A new file created with mode 0600 then renamed over the old one: never readable by others, even briefly.
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(credentialsSchema.parse(credentials), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    if (onPosix) await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}

const notSignedIn = (path: string, why: string) => new DomainError('auth.unauthenticated', `${why}; run "egress login --server URL" with an API token first (credentials file: ${path})`);

/**
 * The stored credentials. Throws `auth.unauthenticated` when there are none, when the file can
 * be read by other users (like ssh, it refuses to use a secret others could have copied), or
 * when it is not a valid credentials file.
 */
export async function loadCredentials(env: CliEnv): Promise<Credentials> {
  const path = credentialsPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notSignedIn(path, 'Not signed in');
    throw error;
  }
  if (onPosix && ((await stat(path)).mode & 0o077) !== 0) {
    throw new DomainError('auth.unauthenticated', `${path} can be read by other users, so its token may have been copied: revoke it in the web UI, then run "egress login" again`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notSignedIn(path, 'The credentials file is not valid JSON');
  }
  const result = credentialsSchema.safeParse(parsed);
  if (!result.success) throw notSignedIn(path, 'The credentials file is not valid');
  return result.data;
}

/** Deletes the credentials file; answers whether there was one. */
export async function removeCredentials(env: CliEnv): Promise<boolean> {
  const path = credentialsPath(env);
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
