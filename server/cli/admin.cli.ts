/** Commands that work on the database: migrate, user create, questions import, audit verify/export. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { auditCheckpointSigner, listCheckpoints, recordAuditCheckpoints, verifyAuditAgainstCheckpoints } from '../commands/audit-checkpoints.commands';
import { exportAudit, verifyAudit } from '../commands/audit.commands';
import { importQuestionSet } from '../commands/question-sets.commands';
import { getCurrentTierPolicy, publishTierPolicy } from '../commands/tier-policy.commands';
import { createUser } from '../commands/users.commands';
import { DomainError } from '../domain/errors';
import type { CliHost } from './cli-root';
import { EXIT, type Io, reportError } from './output';
import { asSystem } from './system-context';

export async function migrateCommand(io: Io, host: CliHost): Promise<number> {
  const database = await host.root.openDatabase(host.config);
  try {
    const report = await database.migrate();
    if (report.error) {
      io.err(`egress: migration failed: ${report.error}`);
      return EXIT.failed;
    }
    io.out(report.applied.length ? `Applied: ${report.applied.join(', ')}` : 'The database is up to date.');
    return EXIT.ok;
  } finally {
    await database.close();
  }
}

export async function userCreateCommand(io: Io, host: CliHost, options: { email: string; name: string; role: string; passwordStdin: boolean }): Promise<number> {
  try {
    const generated = !options.passwordStdin;
    const password = generated ? randomBytes(15).toString('base64url') : (await io.readStdin()).replace(/\r?\n$/, '');
    return await asSystem(host, 'cli: user create', async (ctx) => {
      const user = await createUser(ctx, { email: options.email, name: options.name, password, systemRole: options.role });
      io.out(`Created ${user.systemRole.replaceAll('_', ' ')} ${user.name} <${user.email}>.`);
      if (generated) io.out(`Password (shown once): ${password}`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}

/** Reads a JSON file, or standard input for `-`; throws `validation.invalid_input` naming `what`. */
async function readJsonInput(io: Io, file: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(file === '-' ? await io.readStdin() : await io.readFile(file));
  } catch (error) {
    throw new DomainError('validation.invalid_input', `Could not read ${what}: ${error instanceof Error ? error.message : error}`);
  }
}

export async function questionsImportCommand(io: Io, host: CliHost, file: string): Promise<number> {
  try {
    const definition = await readJsonInput(io, file, 'the question set');
    return await asSystem(host, 'cli: questions import', async (ctx) => {
      const set = await importQuestionSet(ctx, definition);
      io.out(`Imported "${set.name}" version ${set.version} (${set.questions.length} questions, start: ${set.start}).`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}

export async function tierPolicyPublishCommand(io: Io, host: CliHost, file: string): Promise<number> {
  try {
    const definition = await readJsonInput(io, file, 'the tier policy');
    return await asSystem(host, 'cli: tier-policy publish', async (ctx) => {
      const policy = await publishTierPolicy(ctx, definition);
      io.out(`Published tier policy version ${policy.version}; new classifications record it, earlier ones keep theirs.`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}

export async function tierPolicyShowCommand(io: Io, host: CliHost): Promise<number> {
  try {
    return await asSystem(host, 'cli: tier-policy show', async (ctx) => {
      io.out(JSON.stringify(await getCurrentTierPolicy(ctx), null, 2));
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}

export async function auditVerifyCommand(io: Io, host: CliHost, json: boolean, checkpointsFile?: string): Promise<number> {
  try {
    const text = checkpointsFile === undefined ? undefined : await readCheckpointFile(io, checkpointsFile);
    const signer = text === undefined ? undefined : await auditCheckpointSigner(await host.root.auditCheckpointKeyStore(host.config), { create: false });
    return await asSystem(host, 'cli: audit verify', async (ctx) => {
      const result = text !== undefined && signer ? await verifyAuditAgainstCheckpoints(ctx, text, signer) : await verifyAudit(ctx);
      const against = result.checkpoints === undefined ? '' : `, consistent with ${result.checkpoints} signed checkpoint${result.checkpoints === 1 ? '' : 's'}`;
      if (json) io.out(JSON.stringify(result));
      else if (result.ok) io.out(`Audit chain intact: ${result.events} events, head ${result.headHash}${against}.`);
      else io.err(`Audit chain BROKEN at event ${result.brokenAt}: ${result.reason} (${result.events} events verified before it).`);
      return result.ok ? EXIT.ok : EXIT.failed;
    });
  } catch (error) {
    return reportError(io, error, json);
  }
}

async function readCheckpointFile(io: Io, file: string): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (error) {
    throw new DomainError('audit.checkpoints_invalid', `Could not read the checkpoint file ${file}: ${error instanceof Error ? error.message : error}`);
  }
}

/** Signs a checkpoint of the head now (and any due every-N ones), then writes every checkpoint as JSON lines. */
export async function auditCheckpointsCommand(io: Io, host: CliHost, out: string | undefined): Promise<number> {
  try {
    const signer = await auditCheckpointSigner(await host.root.auditCheckpointKeyStore(host.config));
    return await asSystem(host, 'cli: audit checkpoints', async (ctx) => {
      await recordAuditCheckpoints(ctx, signer, { every: host.config.auditCheckpoints.every, head: true });
      const checkpoints = await listCheckpoints(ctx);
      if (out === undefined) {
        for (const checkpoint of checkpoints) io.out(JSON.stringify(checkpoint));
        return EXIT.ok;
      }
      const text = checkpoints.map((c) => `${JSON.stringify(c)}\n`).join('');
      const temporary = `${out}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, out);
      const last = checkpoints.at(-1);
      io.err(`Wrote ${checkpoints.length} signed checkpoint${checkpoints.length === 1 ? '' : 's'} to ${out}${last ? ` (latest: event ${last.seq})` : ''}; keep a copy off this server.`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}

export async function auditExportCommand(io: Io, host: CliHost, output: string | undefined): Promise<number> {
  try {
    return await asSystem(host, 'cli: audit export', async (ctx) => {
      const stream = output ? createWriteStream(output, { flags: 'wx' }) : process.stdout;
      let count = 0;
      for await (const event of exportAudit(ctx)) {
        if (!stream.write(`${JSON.stringify(event)}\n`)) await once(stream, 'drain');
        count++;
      }
      if (output) {
        stream.end();
        await once(stream, 'finish');
        io.err(`Wrote ${count} events to ${output}.`);
      }
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}
