/**
 * `egress login` and `egress logout`: keep a personal API token for later commands.
 *
 * The token is read from standard input, never from an argument, so it does not land in shell
 * history or in the process list. Login asks the server who the token acts for
 * (`GET /api/v1/tokens/current`), checks that it is for the project named with --project, and
 * only then writes the credentials file (see credentials.ts).
 *
 * Exit codes: 0 signed in; 1 the server refused the token or could not be reached; 2 usage
 * (no token on standard input, not a token, a bad server address).
 */
import { apiTokenSecretSchema, currentApiTokenResponseSchema, type CurrentApiTokenResponse } from '../../common/contracts/api-tokens.contract';
import { errorResponseSchema } from '../../common/contracts/common.contract';
import { type CliEnv, credentialsPath, removeCredentials, saveCredentials } from './credentials';
import { EXIT, type Io } from './output';

export interface LoginOptions {
  server: string;
  project?: string;
  tokenStdin?: boolean;
  /** Standard input is a terminal: say what to paste before waiting for it. */
  prompt?: boolean;
}

const REQUEST_TIMEOUT_MS = 30_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The server's base address (http or https, no path, query or fragment), or null. */
export function normaliseServer(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) return null;
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

type Verdict = { ok: true; who: CurrentApiTokenResponse } | { ok: false; message: string };

/** Asks the server who the token acts for. */
async function whoIs(server: string, token: string): Promise<Verdict> {
  let response: Response;
  try {
    response = await fetch(`${server}/api/v1/tokens/current`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `could not reach ${server}: ${cause}` };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const who = currentApiTokenResponseSchema.safeParse(body);
    return who.success ? { ok: true, who: who.data } : { ok: false, message: `${server} did not answer like an Egress server` };
  }
  const refusal = errorResponseSchema.safeParse(body);
  if (!refusal.success) return { ok: false, message: `${server} answered ${response.status}; is this the address of an Egress server?` };
  return { ok: false, message: `the server refused the token: ${refusal.data.error.message} (${refusal.data.error.code})` };
}

export async function loginCommand(io: Io, env: CliEnv, options: LoginOptions): Promise<number> {
  const server = normaliseServer(options.server);
  if (!server) {
    io.err(`egress: --server must be the server's address, e.g. https://egress.example.org (got "${options.server}")`);
    return EXIT.usage;
  }
  if (options.prompt) io.err('Paste your API token (egr_…), then press Enter and Ctrl-D:');
  const token = (await io.readStdin()).trim();
  if (!token) {
    io.err('egress: give the API token on standard input, e.g. `egress login --server URL < token.txt`; create one under "API tokens" in the web UI');
    return EXIT.usage;
  }
  if (!apiTokenSecretSchema.safeParse(token).success) {
    io.err('egress: that is not an Egress API token (they look like egr_ followed by 43 characters); create one under "API tokens" in the web UI');
    return EXIT.usage;
  }
  const base = server.href.replace(/\/$/, '');
  if (server.protocol === 'http:' && !LOOPBACK.has(server.hostname)) {
    io.err(`egress: warning: ${base} is not HTTPS, so the token travels unencrypted`);
  }

  const verdict = await whoIs(base, token);
  if (!verdict.ok) {
    io.err(`egress: ${verdict.message}`);
    return EXIT.failed;
  }
  const { user, token: held } = verdict.who;
  if (options.project && options.project !== held.projectId) {
    io.err(`egress: this token is for the project "${held.projectName}" (${held.projectId}), not ${options.project}; nothing was saved`);
    return EXIT.failed;
  }

  const path = await saveCredentials(env, { server: base, token, projectId: held.projectId });
  io.out(`Signed in to ${base} as ${user.name} <${user.email}> for the project "${held.projectName}" (${held.projectId}).`);
  io.out(`Token egr_${held.prefix}… "${held.name}": ${held.scopes.join(', ')}; expires ${held.expiresAt}.`);
  io.out(`Saved to ${path} (readable only by you).`);
  return EXIT.ok;
}

export async function logoutCommand(io: Io, env: CliEnv): Promise<number> {
  const removed = await removeCredentials(env);
  io.out(removed ? `Signed out: removed ${credentialsPath(env)}.` : `Not signed in (there is no ${credentialsPath(env)}).`);
  if (removed) io.out('The token itself stays valid until it expires; revoke it under "API tokens" in the web UI if it is no longer needed.');
  return EXIT.ok;
}
