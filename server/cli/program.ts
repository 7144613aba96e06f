/** The `egress` command line. Calls commands directly, never the HTTP API. */
import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import { SYSTEM_ROLE_LIST } from '../../common/vocab/roles';
import type { Config } from '../config/config';
import type { CliHost, CliRoot } from './cli-root';
// Each command loads its own modules when it runs, so `egress scan` or `egress classify` does
// not pay for the database driver, the web server or the configuration schema at start-up.
const configModule = () => import('../config/config');
const admin = () => import('./admin.cli');
const classify = () => import('./classify.cli');
const scan = () => import('./scan.cli');
const redact = () => import('./redact.cli');
const project = () => import('./project.cli');
const login = () => import('./login.cli');
const push = () => import('./push.cli');
const keys = () => import('./keys.cli');
const verify = () => import('./verify.cli');
const destinations = () => import('./destinations.cli');
const closureReport = () => import('./closure-report.cli');
const closure = () => import('./closure.cli');
const accounts = () => import('./accounts.cli');
import { EXIT, type Io } from './output';

export type { CliRoot, ServeHandler } from './cli-root';

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Runs the CLI with `argv` (as process.argv) and returns the exit code. */
export async function runCli(argv: string[], io: Io, root: CliRoot, env?: Record<string, string | undefined>): Promise<number> {
  let exitCode: number = EXIT.ok;
  const config = async (): Promise<Config> => (await configModule()).loadConfig(env);
  const host = async (): Promise<CliHost> => ({ config: await config(), root });
  const program = new Command('egress')
    .description('Safe Haven Egress: classify, check, review and release research outputs')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('serve')
    .description('start the API and web UI (applies pending migrations first)')
    .option('--demo', 'on an empty database, create demo accounts and a demo project', false)
    .action(async (o: { demo: boolean }) => {
      exitCode = await root.serve(await config(), o);
    });
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      exitCode = await (await admin()).migrateCommand(io, await host());
    });
  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create an account (the first one is usually a system manager); prints a generated password unless --password-stdin')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .option('--role <role>', `system role: ${SYSTEM_ROLE_LIST.join(' | ')}`, 'system_manager')
    .option('--password-stdin', 'read the password from standard input', false)
    .action(async (o: { email: string; name: string; role: string; passwordStdin: boolean }) => {
      exitCode = await (await admin()).userCreateCommand(io, await host(), o);
    });
  const accountActions = [
    ['disable', 'disable an account: its sessions end and its API tokens are refused at once'],
    ['enable', 'enable a disabled account again'],
    ['reset-password', 'replace the password by a generated one (printed once) and end its sessions'],
    ['reset-second-factor', 'remove the second factor and recovery codes and end its sessions; it enrols again at next sign-in'],
    ['sessions', 'list the open sessions of an account'],
    ['end-sessions', 'end every session of an account'],
  ] as const;
  for (const [action, description] of accountActions) {
    user
      .command(action)
      .description(description)
      .requiredOption('--email <email>')
      .action(async (o: { email: string }) => {
        exitCode = await (await accounts()).accountCommand(io, await host(), action, o.email);
      });
  }
  const locks = program.command('sign-in-locks').description('accounts and addresses locked out by failed sign-ins');
  locks
    .command('list')
    .description('list the locked accounts and addresses')
    .action(async () => {
      exitCode = await (await accounts()).signInLocksCommand(io, await host());
    });
  locks
    .command('lift')
    .description('lift the lock-out of an account (--email) or an address (--address)')
    .option('--email <email>')
    .option('--address <address>')
    .action(async (o: { email?: string; address?: string }) => {
      exitCode = await (await accounts()).liftSignInLockCommand(io, await host(), o);
    });
  const questions = program
    .command('questions')
    .description('show a built-in question set (offline)')
    .option('--set <name>', 'question set', 'turing')
    .option('--json', 'print the set as JSON', false)
    .action(async (o: { set: string; json: boolean }) => {
      exitCode = await (await classify()).questionsCommand(io, o);
    });
  questions
    .command('import <file>')
    .description('import a question set from a JSON file (- for stdin) as a new set or a new version')
    .action(async (file: string) => {
      exitCode = await (await admin()).questionsImportCommand(io, await host(), file);
    });
  program
    .command('classify')
    .description('walk a question set with answers from a file, offline')
    .option('--set <name>', 'question set', 'turing')
    .requiredOption('--answers <file>', 'JSON object of question id → true/false; - for stdin')
    .option('--json', 'print {"tier":N,"path":[…]}', false)
    .action(async (o: { set: string; answers: string; json: boolean }) => {
      exitCode = await (await classify()).classifyCommand(io, o);
    });
  program
    .command('scan')
    .description('check files for disclosure risks, offline; exit 0 all pass, 1 review or block, 2 error')
    .argument('<paths...>', 'files or directories')
    .option('--json', 'print one JSON document', false)
    .option('--preset <name>', 'rule preset: acro | opensafely | abs | datashield', 'acro')
    .option('--config <file>', 'JSON file overriding preset parameters')
    .option('--package-kind <kind>', 'report (microdata blocks) or handover (microdata needs review)', 'report')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .action(async (paths: string[], o: { json: boolean; preset: string; config?: string; packageKind: string; workers?: string }) => {
      exitCode = await (await scan()).scanCommand(io, root, paths, o);
    });
  program
    .command('redact')
    .description('redact a file offline with the operations the server offers (egress redact --list); exit 0 redacted, 2 refused or error')
    .argument('[path]', 'the file to redact')
    .option('--list', 'list the operations and their parameters', false)
    .option('--op <id>', 'the operation, e.g. tables.suppress')
    .option('--param <name=value>', 'a parameter (repeatable; the value is JSON when it parses, else text)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--params <json>', 'every parameter as one JSON object')
    .option('--out <file>', 'where to write the result (default NAME.redacted.EXT next to the file)')
    .option('--preset <name>', 'thresholds for the operations: acro | opensafely | abs | datashield', 'acro')
    .option('--json', 'print one JSON document', false)
    .action(async (path: string | undefined, o: { list: boolean; op?: string; param: string[]; params?: string; out?: string; preset: string; json: boolean }) => {
      exitCode = await (await redact()).redactCommand(io, root, path, o);
    });
  program
    .command('login')
    .description('check a personal API token, read from standard input, and keep it for later commands; exit 1 when refused')
    .requiredOption('--server <url>', 'the Egress server, e.g. https://egress.example.org')
    .option('--project <id>', 'the project the token is for (checked against the token)')
    .option('--token-stdin', 'read the token from standard input (always so: never pass a token as an argument)', true)
    .action(async (o: { server: string; project?: string; tokenStdin: boolean }) => {
      exitCode = await (await login()).loginCommand(io, env ?? {}, { ...o, prompt: process.stdin.isTTY === true });
    });
  program
    .command('logout')
    .description('forget the stored API token (it stays valid until it expires or is revoked in the web UI)')
    .action(async () => {
      exitCode = await (await login()).logoutCommand(io, env ?? {});
    });
  program
    .command('push')
    .description('upload files and folders into an egress package, continuing interrupted uploads; exit 0 all in, 1 some refused or skipped, 2 usage')
    .argument('<paths...>', 'files (added under their own name) or folders (their files added under paths relative to the folder)')
    .requiredOption('--package <id>', 'the egress package to add the files to')
    .option('--server <url>', 'the Egress server (default: the one "egress login" saved)')
    .option('--token-stdin', 'read the API token from standard input instead of using the saved one', false)
    .action(async (paths: string[], o: { package: string; server?: string; tokenStdin: boolean }) => {
      exitCode = await (await push()).pushCommand(io, env ?? {}, paths, o);
    });
  program
    .command('verify')
    .description('check a released bundle offline: every file, the manifest and its signature; exit 0 intact, 1 naming the first problem, 2 usage')
    .argument('<bundle>', 'the bundle (.zip) to check')
    .option('--key <file>', 'the trusted public key: an SPKI PEM, a base64 raw key, or the JSON of GET /api/v1/keys')
    .option('--server <url>', 'fetch the trusted keys from the server’s /api/v1/keys (prints the fingerprint to pin)')
    .option('--json', 'print one JSON document', false)
    .action(async (bundle: string, o: { key?: string; server?: string; json: boolean }) => {
      exitCode = await (await verify()).verifyCommand(io, bundle, o);
    });
  const projectCommand = program.command('project').description('project settings made on the server (as the system)');
  projectCommand
    .command('output-area')
    .description('set the folder a project’s outputs are browsed and copied from (an absolute path the server can read); --clear removes it')
    .argument('<projectId>')
    .argument('[path]', 'absolute folder path, e.g. /mnt/output')
    .option('--clear', 'remove the project’s output area', false)
    .action(async (projectId: string, path: string | undefined, o: { clear: boolean }) => {
      exitCode = await (await project()).projectOutputAreaCommand(io, await host(), projectId, path, o);
    });
  projectCommand
    .command('check-settings')
    .description('show a project’s disclosure-check settings and what applies per tier; --preset/--config change the project’s (or --tier N’s) level; --reset makes it inherit')
    .argument('<projectId>')
    .option('--tier <n>', 'the settings of work packages of this tier (0–4) instead of the whole project')
    .option('--preset <name>', 'acro | opensafely | abs | datashield | inherit')
    .option('--config <file>', 'JSON file of parameter overrides (as for egress scan --config)')
    .option('--reset', 'remove the level’s own choices so it inherits', false)
    .option('--json', 'print the settings as JSON', false)
    .action(async (projectId: string, o: { tier?: string; preset?: string; config?: string; reset: boolean; json: boolean }) => {
      exitCode = await (await project()).projectCheckSettingsCommand(io, await host(), projectId, o);
    });
  projectCommand
    .command('closure')
    .description('print the project’s closure checklist; exits 1 while anything is unaccounted for (same as egress closure checklist)')
    .argument('<projectId>')
    .option('--json', 'print the checklist as JSON', false)
    .action(async (projectId: string, o: { json: boolean }) => {
      exitCode = await (await closure()).closureChecklistCommand(io, await host(), projectId, o);
    });
  const closureCommand = program.command('closure').description('project closure: the output-area inventory, the checklist, marks and waivers (as the system)');
  closureCommand
    .command('checklist')
    .description('print the closure checklist; exits 1 while anything is unaccounted for, 0 when the project may close')
    .argument('<projectId>')
    .option('--json', 'print the checklist as JSON', false)
    .action(async (projectId: string, o: { json: boolean }) => {
      exitCode = await (await closure()).closureChecklistCommand(io, await host(), projectId, o);
    });
  closureCommand
    .command('refresh')
    .description('take the output-area inventory now (only new or changed files are hashed again)')
    .argument('<projectId>')
    .option('--json', 'print the run as JSON', false)
    .action(async (projectId: string, o: { json: boolean }) => {
      exitCode = await (await closure()).closureRefreshCommand(io, await host(), projectId, o);
    });
  closureCommand
    .command('mark')
    .description('mark output-area files retained inside or discarded (or unmarked), chosen by one of --folder, --pattern, --path')
    .argument('<projectId>')
    .requiredOption('--fate <fate>', 'retained | discarded | unmarked')
    .requiredOption('--reason <text>', 'why, recorded with the mark')
    .option('--folder <folder>', 'every file under this folder of the area')
    .option('--pattern <glob>', 'every path the glob matches (* within a name, ** across folders)')
    .option('--path <path...>', 'these paths')
    .option('--json', 'print the report as JSON', false)
    .action(async (projectId: string, o: { fate: string; reason: string; folder?: string; pattern?: string; path?: string[]; json: boolean }) => {
      exitCode = await (await closure()).closureMarkCommand(io, await host(), projectId, o);
    });
  closureCommand
    .command('waive')
    .description('waive one gap of the closure checklist with a reason (not file gaps: mark the files)')
    .argument('<projectId>')
    .requiredOption('--code <code>', 'the gap’s code, e.g. closure.link_open')
    .requiredOption('--item <key>', 'the gap’s item: a package, work package, link or project id')
    .requiredOption('--reason <text>', 'why the item is waived')
    .option('--json', 'print the waiver as JSON', false)
    .action(async (projectId: string, o: { code: string; item: string; reason: string; json: boolean }) => {
      exitCode = await (await closure()).closureWaiveCommand(io, await host(), projectId, o);
    });
  const destinationsCommand = program.command('destinations').description('registered destinations of a project: where its releases may go (as the system)');
  destinationsCommand
    .command('list')
    .description('list a project’s registered destinations with their recipient key fingerprints')
    .argument('<projectId>')
    .option('--all', 'include retired destinations', false)
    .option('--json', 'print them as JSON', false)
    .action(async (projectId: string, o: { all: boolean; json: boolean }) => {
      exitCode = await (await destinations()).destinationsListCommand(io, await host(), projectId, o);
    });
  destinationsCommand
    .command('add')
    .description('register a destination: a download link, a push to a storage target of DELIVERY_TARGETS, or a folder export under EXPORT_DIR')
    .argument('<projectId>')
    .requiredOption('--name <name>', 'a name people recognise, unique among the project’s current destinations')
    .requiredOption('--kind <kind>', 'public_release | research_team | data_provider | secure_environment')
    .requiredOption('--contact <email>', 'the recipient’s contact e-mail address')
    .requiredOption('--method <method>', 'link | container_push | folder_export')
    .option('--target <target>', 'container_push: the storage target’s name; folder_export: a sub-folder of EXPORT_DIR')
    .option('--recipient-key <key>', 'the recipient’s age public key (age1…), needed where the tier requires encryption')
    .option('--recipient-key-file <file>', 'read the recipient’s age public key from a file')
    .option('--json', 'print the destination as JSON', false)
    .action(async (projectId: string, o: Parameters<Awaited<ReturnType<typeof destinations>>['destinationsAddCommand']>[3]) => {
      exitCode = await (await destinations()).destinationsAddCommand(io, await host(), projectId, o);
    });
  destinationsCommand
    .command('retire')
    .description('retire a destination: it can no longer be chosen for a package')
    .argument('<projectId>')
    .argument('<destinationId>')
    .action(async (projectId: string, destinationId: string) => {
      exitCode = await (await destinations()).destinationsRetireCommand(io, await host(), projectId, destinationId);
    });
  closureCommand
    .command('report')
    .description('a closed project’s closure report, verified against its sha256 in the audit chain: HTML to stdout, or --pdf with --out FILE')
    .argument('<projectId>')
    .option('--pdf', 'the PDF instead of the HTML (needs --out)', false)
    .option('--out <file>', 'write the report to this file')
    .action(async (projectId: string, o: { pdf: boolean; out?: string }) => {
      exitCode = await (await closureReport()).closureReportCommand(io, await host(), projectId, o);
    });
  const tierPolicy = program.command('tier-policy').description('the tier policy: what each tier requires and where its outputs may go (versioned)');
  tierPolicy
    .command('show')
    .description('print the tier policy in force as JSON')
    .action(async () => {
      exitCode = await (await admin()).tierPolicyShowCommand(io, await host());
    });
  tierPolicy
    .command('publish <file>')
    .description('publish a new version from a JSON file ({"tiers":[…]}, - for stdin); earlier classifications keep their version')
    .action(async (file: string) => {
      exitCode = await (await admin()).tierPolicyPublishCommand(io, await host(), file);
    });
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('re-compute the hash chain; exit 0 when intact, 1 naming the first broken event')
    .option('--json', 'print the result as JSON', false)
    .option('--checkpoints <file>', 'also hold the log to signed checkpoints kept elsewhere (egress audit checkpoints): detects deleted tails and rewritten events')
    .action(async (o: { json: boolean; checkpoints?: string }) => {
      exitCode = await (await admin()).auditVerifyCommand(io, await host(), o.json, o.checkpoints);
    });
  audit
    .command('checkpoints')
    .description('sign a checkpoint of the chain head now and write every signed checkpoint as JSON lines; ship the file off the server')
    .option('--out <file>', 'write to this file (replacing it) instead of standard output')
    .action(async (o: { out?: string }) => {
      exitCode = await (await admin()).auditCheckpointsCommand(io, await host(), o.out);
    });
  audit
    .command('export')
    .description('write every event as JSON lines')
    .option('--output <file>', 'write to a new file instead of standard output')
    .action(async (o: { output?: string }) => {
      exitCode = await (await admin()).auditExportCommand(io, await host(), o.output);
    });
  const keysCommand = program
    .command('keys')
    .description('list the public keys that sign release bundles (fingerprint, created, retired; docs/bundles.md)')
    .option('--json', 'print the keys as JSON, as GET /api/v1/keys does', false)
    .action(async (o: { json: boolean }) => {
      exitCode = await (await keys()).keysListCommand(io, await host(), o.json);
    });
  keysCommand
    .command('rotate')
    .description('make a new bundle signing key (embedded default only); the previous one is retired but stays listed')
    .action(async () => {
      exitCode = await (await keys()).keysRotateCommand(io, await host());
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof (await configModule()).ConfigError) {
      io.err(error.message);
      return EXIT.usage;
    }
    io.err(`egress: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
}
